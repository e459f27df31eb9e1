package dev.liveupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state {@link RandomOps} chooses from and keeps in step with the disk: a model of the trees
 * (a sorted map of {@code root/relative} paths to what they are), the recently touched paths, the
 * parked directories, and the seeded random source; with the pickers, the disk operations and the
 * name and content generators the operations use. Its subclasses add the operations, in two
 * groups ({@link FileOperations}, {@link DirectoryOperations}).
 */
abstract class TreeModel {

  enum Node { FILE, DIR, LINK }

  static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  static final Set<PosixFilePermission> NOT_EXECUTABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  /** Keep the trees around this size: enough collisions, cheap listings. */
  static final int FEW_FILES = 30;
  static final int MANY_FILES = 350;
  static final int MANY_DIRS = 70;
  static final int MAX_DEPTH = 5;

  final Random random;
  /** Root name to directory: the synced roots and the scratch place outside the project. */
  final Map<String, Path> roots;
  final List<String> syncedRoots;
  final String scratchRoot;
  final TreeMap<String, Node> model = new TreeMap<>();
  final Deque<String> recent = new ArrayDeque<>();
  /** Where each parked directory came from, to bring some back to the same place. */
  final Map<String, String> parkedFrom = new TreeMap<>();
  /** New names and contents, from the same random source. */
  final Names names;

  /**
   * @param syncedRoots root name to local directory of each synced tree ({@code res}, {@code web})
   * @param scratchRoot name of the place outside the project, a key of {@code roots} too
   */
  TreeModel(long seed, Map<String, Path> roots, List<String> syncedRoots, String scratchRoot) {
    this.random = new Random(seed);
    this.names = new Names(random);
    this.roots = new LinkedHashMap<>(roots);
    this.syncedRoots = List.copyOf(syncedRoots);
    this.scratchRoot = scratchRoot;
    for (var root : roots.entrySet()) {
      readModel(root.getKey(), root.getValue());
    }
  }

  // ---- the model ----

  void readModel(String root, Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (!d.equals(dir)) {
            model.put(key(root, dir, d), Node.DIR);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          model.put(key(root, dir, file), attrs.isSymbolicLink() ? Node.LINK : Node.FILE);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String key(String root, Path dir, Path path) {
    StringBuilder key = new StringBuilder(root);
    for (Path name : dir.relativize(path)) {
      key.append('/').append(name);
    }
    return key.toString();
  }

  /** The model's files and links of one synced root, relative to it, for a sanity check. */
  List<String> modelEntries(String root) {
    List<String> entries = new ArrayList<>();
    for (var e : model.subMap(root + "/", root + "0").entrySet()) {
      if (e.getValue() != Node.DIR) {
        entries.add(e.getKey().substring(root.length() + 1));
      }
    }
    return entries;
  }

  Path fs(String key) {
    int slash = key.indexOf('/');
    Path root = roots.get(slash < 0 ? key : key.substring(0, slash));
    return slash < 0 ? root : root.resolve(key.substring(slash + 1));
  }

  void put(String key, Node node) {
    model.put(key, node);
    touched(key);
  }

  void touched(String key) {
    recent.remove(key);
    recent.addFirst(key);
    while (recent.size() > 12) {
      recent.removeLast();
    }
  }

  List<String> below(String dir) {
    return new ArrayList<>(model.subMap(dir + "/", dir + "0").keySet());
  }

  boolean inSyncedRoot(String key) {
    return syncedRoots.contains(root(key));
  }

  int count(Node kind) {
    int n = 0;
    for (var e : model.entrySet()) {
      if (e.getValue() == kind && inSyncedRoot(e.getKey())) {
        n++;
      }
    }
    return n;
  }

  /** A node of this kind in a synced root: a recently touched one half of the time. */
  String pick(Node kind) {
    if (random.nextBoolean()) {
      List<String> hot = new ArrayList<>();
      for (String key : recent) {
        if (model.get(key) == kind && inSyncedRoot(key)) {
          hot.add(key);
        }
      }
      if (!hot.isEmpty()) {
        return hot.get(random.nextInt(hot.size()));
      }
    }
    List<String> all = new ArrayList<>();
    for (var e : model.entrySet()) {
      if (e.getValue() == kind && inSyncedRoot(e.getKey())) {
        all.add(e.getKey());
      }
    }
    return all.isEmpty() ? null : all.get(random.nextInt(all.size()));
  }

  String pickOther(Node kind, String not) {
    for (int i = 0; i < 5; i++) {
      String key = pick(kind);
      if (key != null && !key.equals(not)) {
        return key;
      }
    }
    return null;
  }

  /** A synced root or a directory in one, at most {@code maxDepth} below its root. */
  String pickDirectory(int maxDepth) {
    List<String> dirs = new ArrayList<>(syncedRoots);
    for (var e : model.entrySet()) {
      if (e.getValue() == Node.DIR && inSyncedRoot(e.getKey()) && depth(e.getKey()) <= maxDepth) {
        dirs.add(e.getKey());
      }
    }
    return dirs.get(random.nextInt(dirs.size()));
  }

  String pickDirectoryOutside(String dir) {
    for (int i = 0; i < 5; i++) {
      String parent = pickDirectory(MAX_DEPTH - 1);
      if (!parent.equals(dir) && !parent.startsWith(dir + "/")) {
        return parent;
      }
    }
    return null;
  }

  static String root(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  static String parent(String key) {
    return key.substring(0, key.lastIndexOf('/'));
  }

  static String name(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** Directories between the root and the key: 0 for a root, 1 for {@code res/a}. */
  static int depth(String key) {
    return (int) key.chars().filter(c -> c == '/').count();
  }

  // ---- disk ----

  void write(String key, byte[] content) {
    try {
      Files.write(fs(key), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void chmod(String key, boolean exec) {
    try {
      Files.setPosixFilePermissions(fs(key), exec ? EXECUTABLE : NOT_EXECUTABLE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isExecutable(String key) {
    try {
      return Files.getPosixFilePermissions(fs(key)).contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void delete(String key) {
    try {
      Files.delete(fs(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void deleteTree(String dir) {
    List<String> inside = below(dir);
    for (int i = inside.size() - 1; i >= 0; i--) { // children before parents
      delete(inside.get(i));
      model.remove(inside.get(i));
    }
    delete(dir);
    model.remove(dir);
  }

  /**
   * Renames a file, link or directory (with everything below it) on disk and in the model, with
   * one rename(2) like {@code mv}: onto an existing file only if {@code replace}. (Files.move with
   * REPLACE_EXISTING alone would delete the target first, which is not what {@code mv} does.)
   */
  void move(String from, String to, boolean replace) {
    try {
      if (!replace && Files.exists(fs(to), LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException("the test moves onto existing names only on purpose: " + to);
      }
      Files.move(fs(from), fs(to), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> inside = below(from);
    Node node = model.remove(from);
    model.put(to, node);
    for (String key : inside) {
      model.put(to + key.substring(from.length()), model.remove(key));
    }
    touched(to);
  }
}
