package dev.liveupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
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
import java.util.function.Supplier;

/**
 * Seeded random file operations on the local synced trees, as editors, tools and people make them:
 * creates, edits, deletes, renames (onto existing names too), nested mkdirs, recursive deletes,
 * directory renames and replacements, directories parked outside the project and brought back,
 * chmod, vim and IntelliJ saves, atomic saves, symlinks, type changes, in bursts and with pauses
 * around the plugin's quiet period.
 *
 * <p>The choices depend only on the seed: every target is picked from a model of the trees (a
 * sorted map of paths), which the operations keep in step with the disk, never from a directory
 * listing. The same seed therefore replays the same operations; only their timing against the
 * plugin differs from run to run. Every operation is logged, numbered, with paths as
 * {@code root/relative} ({@code res/d3/f7.txt}, {@code web/...}, {@code scratch/...}).
 */
final class RandomOps {

  enum Node { FILE, DIR, LINK }

  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");
  private static final Set<PosixFilePermission> NOT_EXECUTABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final String[] EXTENSIONS =
      {".txt", ".css", ".js", ".json", ".properties", ".html", ".sh", ""};
  /** Keep the trees around this size: enough collisions, cheap listings. */
  private static final int FEW_FILES = 30;
  private static final int MANY_FILES = 350;
  private static final int MANY_DIRS = 70;
  private static final int MAX_DEPTH = 5;

  private final Random random;
  /** Root name to directory: the synced roots and the scratch place outside the project. */
  private final Map<String, Path> roots;
  private final List<String> syncedRoots;
  private final String scratchRoot;
  private final TreeMap<String, Node> model = new TreeMap<>();
  private final Deque<String> recent = new ArrayDeque<>();
  private final List<String> log = new ArrayList<>();
  /** Where each parked directory came from, to bring some back to the same place. */
  private final Map<String, String> parkedFrom = new TreeMap<>();
  private final Map<String, Supplier<String>> operations = new LinkedHashMap<>();
  private final Set<String> skipped;
  private int counter;
  private int done;
  private int episodeLeft;
  private boolean burst;

  /**
   * @param syncedRoots root name to local directory of each synced tree ({@code res}, {@code web})
   * @param scratchRoot name of the place outside the project, a key of {@code roots} too
   */
  RandomOps(long seed, Map<String, Path> roots, List<String> syncedRoots, String scratchRoot,
      Set<String> skipped) {
    this.random = new Random(seed);
    this.skipped = Set.copyOf(skipped);
    operations.put("create", this::createFile);
    operations.put("edit", this::editFile);
    operations.put("delete", this::deleteFile);
    operations.put("rename", this::renameFile);
    operations.put("swap", this::swapFiles);
    operations.put("mkdir", this::makeDirectories);
    operations.put("rmdir", this::deleteDirectory);
    operations.put("mvdir", this::renameDirectory);
    operations.put("replacedir", this::replaceDirectory);
    operations.put("park", this::parkDirectory);
    operations.put("unpark", this::unparkDirectory);
    operations.put("roundtrip", this::roundTrip);
    operations.put("chmod", this::chmod);
    operations.put("touch", this::touch);
    operations.put("vim", this::vimSave);
    operations.put("intellij", this::intellijSave);
    operations.put("atomic", this::atomicSave);
    operations.put("symlink", this::symlink);
    operations.put("file2dir", this::fileBecomesDirectory);
    operations.put("dir2file", this::directoryBecomesFile);
    operations.put("checkout", this::checkout);
    if (!operations.keySet().containsAll(this.skipped)) {
      throw new IllegalArgumentException("unknown operation in " + skipped + "; known: "
          + operations.keySet());
    }
    this.roots = new LinkedHashMap<>(roots);
    this.syncedRoots = List.copyOf(syncedRoots);
    this.scratchRoot = scratchRoot;
    for (var root : roots.entrySet()) {
      readModel(root.getKey(), root.getValue());
    }
  }

  /** The numbered operations so far, with bursts and pauses, one a line. */
  List<String> log() {
    return List.copyOf(log);
  }

  /**
   * Runs operations until {@code until} were done in all, in episodes: bursts of 50–500
   * operations without a pause, or groups of 1–20 with a pause after each, 0–1000 ms, often near
   * the 50 ms quiet period. An episode cut short by {@code until} goes on at the next call, so the
   * sequence of operations and pauses depends on the seed alone, not on how the run is split.
   */
  void run(int until) throws InterruptedException {
    while (done < until) {
      if (episodeLeft == 0) {
        burst = random.nextInt(5) == 0;
        episodeLeft = burst ? 50 + random.nextInt(451) : 1 + random.nextInt(20);
        if (burst) {
          log.add("-- burst of " + episodeLeft + " operations");
        }
      }
      step();
      episodeLeft--;
      if (!burst) {
        pause(operationPause());
      }
      if (episodeLeft == 0) {
        pause(random.nextInt(10) == 0 ? 300 + random.nextInt(1200) : random.nextInt(300));
      }
    }
  }

  private long operationPause() {
    int r = random.nextInt(100);
    if (r < 40) {
      return 0;
    } else if (r < 60) {
      return 1 + random.nextInt(20);
    } else if (r < 80) {
      return 30 + random.nextInt(51); // around the 50 ms quiet period
    } else if (r < 95) {
      return 80 + random.nextInt(221);
    }
    return 300 + random.nextInt(700);
  }

  private void pause(long millis) throws InterruptedException {
    if (millis > 0) {
      log.add("-- pause " + millis + " ms");
      Thread.sleep(millis);
    }
  }

  /** One operation, weighted by what the trees hold now; retried until one applies. */
  private void step() {
    int files = count(Node.FILE);
    int dirs = count(Node.DIR);
    boolean grow = files < FEW_FILES;
    boolean shrink = files > MANY_FILES;
    Map<String, Integer> weights = new LinkedHashMap<>(); // relative; about 400 in all
    weights.put("create", grow ? 160 : shrink ? 8 : 48);
    weights.put("edit", 56);
    weights.put("delete", shrink ? 120 : 24);
    weights.put("rename", 36);
    weights.put("swap", 8);
    weights.put("mkdir", dirs > MANY_DIRS ? 0 : grow ? 40 : 20);
    weights.put("rmdir", shrink || dirs > MANY_DIRS ? 48 : 8);
    weights.put("mvdir", 16);
    weights.put("replacedir", 8);
    weights.put("park", 8);
    weights.put("unpark", 8);
    weights.put("roundtrip", 4);
    weights.put("chmod", 16);
    weights.put("touch", 4);
    weights.put("vim", 16);
    weights.put("intellij", 16);
    weights.put("atomic", 8);
    weights.put("symlink", 12);
    weights.put("file2dir", 4);
    weights.put("dir2file", 4);
    weights.put("checkout", files > MANY_FILES / 2 ? 0 : 1);
    weights.keySet().removeAll(skipped);
    int sum = weights.values().stream().mapToInt(Integer::intValue).sum();
    for (int attempt = 0; attempt < 100; attempt++) {
      int r = random.nextInt(sum);
      for (var op : weights.entrySet()) {
        r -= op.getValue();
        if (r < 0) {
          String description;
          try {
            description = operations.get(op.getKey()).get();
          } catch (UncheckedIOException e) {
            throw new IllegalStateException("operation " + (done + 1) + " failed; log so far:\n"
                + String.join("\n", tail(log, 30)), e);
          }
          if (description != null) {
            done++;
            log.add(String.format("#%05d %s", done, description));
            return;
          }
          break;
        }
      }
    }
    throw new IllegalStateException("no operation applies to the model " + model);
  }

  // ---- operations: each returns its description, or null when it does not apply now ----

  private String createFile() {
    String dir = pickDirectory(MAX_DEPTH);
    String key = dir + "/" + fileName();
    byte[] content = content();
    boolean exec = random.nextInt(4) == 0;
    write(key, content);
    if (exec) {
      chmod(key, true);
    }
    put(key, Node.FILE);
    return "create " + key + " (" + content.length + " B" + (exec ? ", +x" : "") + ")";
  }

  private String editFile() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    int how = random.nextInt(4);
    try {
      switch (how) {
        case 0 -> {
          byte[] content = content();
          Files.write(file, content);
          return "overwrite " + key + " (" + content.length + " B)";
        }
        case 1 -> {
          byte[] more = text(1 + random.nextInt(200));
          Files.write(file, more, StandardOpenOption.APPEND);
          return "append " + more.length + " B to " + key;
        }
        case 2 -> {
          byte[] content = Files.readAllBytes(file);
          if (content.length == 0) {
            content = text(1 + random.nextInt(100));
          } else {
            int at = random.nextInt(content.length);
            content[at] = (byte) (content[at] == 'x' ? 'y' : 'x');
          }
          Files.write(file, content);
          return "same-size rewrite of " + key + " (" + content.length + " B)";
        }
        default -> {
          byte[] content = content();
          int half = content.length / 2;
          try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content, 0, half));
            channel.force(false);
            channel.write(ByteBuffer.wrap(content, half, content.length - half));
          }
          return "rewrite in two writes " + key + " (" + content.length + " B)";
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      touched(key);
    }
  }

  private String deleteFile() {
    String key = random.nextInt(5) == 0 ? pick(Node.LINK) : pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Node kind = model.get(key);
    delete(key);
    model.remove(key);
    return "delete " + (kind == Node.LINK ? "symlink " : "") + key;
  }

  private String renameFile() {
    String from = random.nextInt(6) == 0 ? pick(Node.LINK) : pick(Node.FILE);
    if (from == null) {
      return null;
    }
    int how = random.nextInt(4);
    String to;
    String what;
    if (how == 0) {
      String onto = pickOther(Node.FILE, from);
      if (onto == null) {
        return null;
      }
      to = onto;
      what = "rename onto existing ";
    } else if (how == 1) {
      to = parent(from) + "/" + fileName();
      what = "rename in place ";
    } else {
      String dir = pickDirectory(MAX_DEPTH);
      String name = random.nextBoolean() ? name(from) : fileName();
      to = dir + "/" + name;
      if (model.containsKey(to)) {
        to = dir + "/" + fileName();
      }
      what = "move ";
    }
    move(from, to, true);
    return what + from + " -> " + to;
  }

  private String swapFiles() {
    String a = pick(Node.FILE);
    String b = pickOther(Node.FILE, a);
    if (a == null || b == null) {
      return null;
    }
    String tmp = parent(a) + "/" + fileName();
    move(a, tmp, false);
    move(b, a, false);
    move(tmp, b, false);
    return "swap " + a + " <-> " + b + " (via " + tmp + ")";
  }

  private String makeDirectories() {
    String parent = pickDirectory(MAX_DEPTH - 2);
    int depth = 1 + random.nextInt(3);
    String dir = parent;
    List<String> made = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      dir = dir + "/" + dirName();
      made.add(dir);
    }
    try {
      Files.createDirectories(fs(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    made.forEach(d -> put(d, Node.DIR));
    StringBuilder description = new StringBuilder("mkdir -p " + dir);
    if (random.nextBoolean()) {
      int files = 1 + random.nextInt(5);
      for (int i = 0; i < files; i++) {
        String key = made.get(random.nextInt(made.size())) + "/" + fileName();
        byte[] content = content();
        write(key, content);
        put(key, Node.FILE);
        description.append(" + create ").append(key).append(" (").append(content.length)
            .append(" B)");
      }
    }
    return description.toString();
  }

  private String deleteDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    int inside = below(dir).size();
    deleteTree(dir);
    return "rm -r " + dir + " (" + inside + " entries below)";
  }

  private String renameDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String parent = pickDirectoryOutside(dir);
    if (parent == null) {
      return null;
    }
    String to = parent + "/" + (random.nextBoolean() ? name(dir) : dirName());
    if (model.containsKey(to)) {
      to = parent + "/" + dirName();
    }
    move(dir, to, false);
    return "mv dir " + dir + " -> " + to;
  }

  /** {@code mv d d.old && mkdir d}, sometimes with a file in the new {@code d}. */
  private String replaceDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String away = parent(dir) + "/" + dirName();
    move(dir, away, false);
    try {
      Files.createDirectory(fs(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(dir, Node.DIR);
    String description = "mv dir " + dir + " -> " + away + " && mkdir " + dir;
    if (random.nextBoolean()) {
      String key = dir + "/" + fileName();
      write(key, content());
      put(key, Node.FILE);
      description += " + create " + key;
    }
    return description;
  }

  /**
   * A directory moved away (out of the project or beside itself) and straight back, as a backup
   * and restore or an undone {@code mv} does; then, sometimes, a file in it deleted or edited.
   */
  private String roundTrip() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String away = random.nextBoolean() ? scratchRoot + "/" + dirName()
        : parent(dir) + "/" + dirName();
    move(dir, away, false);
    move(away, dir, false);
    String description = "mv dir " + dir + " -> " + away + " && mv back";
    List<String> files = new ArrayList<>();
    for (String key : below(dir)) {
      if (model.get(key) == Node.FILE) {
        files.add(key);
      }
    }
    if (!files.isEmpty() && random.nextInt(3) > 0) {
      String file = files.get(random.nextInt(files.size()));
      if (random.nextBoolean()) {
        delete(file);
        model.remove(file);
        description += " && rm " + file;
      } else {
        byte[] content = content();
        write(file, content);
        touched(file);
        description += " && overwrite " + file + " (" + content.length + " B)";
      }
    }
    return description;
  }

  /** Moves a directory out of the project, to the scratch place. */
  private String parkDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String to = scratchRoot + "/" + dirName();
    move(dir, to, false);
    parkedFrom.put(to, dir);
    return "mv dir " + dir + " -> " + to + " (out of the project)";
  }

  /** Brings a parked directory back, under its name or a new one. */
  private String unparkDirectory() {
    List<String> parked = new ArrayList<>();
    for (var e : model.subMap(scratchRoot + "/", scratchRoot + "0").entrySet()) {
      if (e.getValue() == Node.DIR && parent(e.getKey()).equals(scratchRoot)) {
        parked.add(e.getKey());
      }
    }
    if (parked.isEmpty()) {
      return null;
    }
    String from = parked.get(random.nextInt(parked.size()));
    String origin = parkedFrom.remove(from);
    String to = random.nextBoolean() && origin != null && !model.containsKey(origin)
        && (syncedRoots.contains(parent(origin)) || model.get(parent(origin)) == Node.DIR)
        ? origin
        : pickDirectory(MAX_DEPTH - 1) + "/" + (random.nextBoolean() ? name(from) : dirName());
    if (model.containsKey(to)) {
      return null;
    }
    move(from, to, false);
    return "mv dir " + from + " -> " + to + " (back into the project, " + below(to).size()
        + " entries)";
  }

  private String chmod() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    boolean exec = !isExecutable(key);
    chmod(key, exec);
    touched(key);
    return "chmod " + (exec ? "+x " : "-x ") + key;
  }

  private String touch() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    try {
      Files.setLastModifiedTime(fs(key), FileTime.fromMillis(System.currentTimeMillis()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    touched(key);
    return "touch " + key;
  }

  /**
   * vim's save: with {@code backupcopy=no} it renames the file to {@code f~}, writes a new file and
   * deletes the backup; with {@code backupcopy=yes} it probes the directory with {@code 4913},
   * copies to the backup, rewrites in place and deletes the backup.
   */
  private String vimSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path backup = file.resolveSibling(file.getFileName() + "~");
    byte[] content = content();
    try {
      if (random.nextBoolean()) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        Files.move(file, backup, StandardCopyOption.ATOMIC_MOVE);
        Files.write(file, content);
        Files.setPosixFilePermissions(file, perms);
        Files.delete(backup);
        return "vim save (rename to backup, write new) " + key + " (" + content.length + " B)";
      }
      Path probe = file.resolveSibling("4913");
      Files.write(probe, new byte[0]);
      Files.delete(probe);
      Files.copy(file, backup, StandardCopyOption.COPY_ATTRIBUTES,
          StandardCopyOption.REPLACE_EXISTING);
      Files.write(file, content);
      Files.delete(backup);
      return "vim save (4913 probe, copy to backup, write in place) " + key + " ("
          + content.length + " B)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      touched(key);
    }
  }

  /** IntelliJ's safe write: f___jb_tmp___ written, f renamed to f___jb_old___, tmp to f, old deleted. */
  private String intellijSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path tmp = file.resolveSibling(file.getFileName() + "___jb_tmp___");
    Path old = file.resolveSibling(file.getFileName() + "___jb_old___");
    byte[] content = content();
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Files.write(tmp, content);
      Files.setPosixFilePermissions(tmp, perms);
      Files.move(file, old, StandardCopyOption.ATOMIC_MOVE);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(old);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      touched(key);
    }
    return "intellij safe write " + key + " (" + content.length + " B)";
  }

  /** Write a hidden temporary file beside the target and rename it over the target. */
  private String atomicSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + (++counter));
    byte[] content = content();
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      Files.write(tmp, content);
      Files.setPosixFilePermissions(tmp, perms);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      touched(key);
    }
    return "atomic save via " + tmp.getFileName() + " " + key + " (" + content.length + " B)";
  }

  /**
   * A symlink: mostly relative to a file (sometimes a directory) of the same tree, which must
   * arrive as a link; now and then one pointing outside the tree, which must not arrive.
   */
  private String symlink() {
    String dir = pickDirectory(MAX_DEPTH);
    String root = root(dir);
    String link = dir + "/" + fileName();
    String target;
    int r = random.nextInt(10);
    if (r == 0) {
      target = random.nextBoolean() ? "/etc/hostname"
          : "../".repeat(depth(dir)) + "../pom.xml";
    } else {
      List<String> candidates = new ArrayList<>();
      Node kind = r == 1 ? Node.DIR : Node.FILE;
      for (var e : model.subMap(root + "/", root + "0").entrySet()) {
        if (e.getValue() == kind) {
          candidates.add(e.getKey());
        }
      }
      if (candidates.isEmpty()) {
        return null;
      }
      String to = candidates.get(random.nextInt(candidates.size()));
      target = Path.of(dir).relativize(Path.of(to)).toString();
      if (target.isEmpty()) {
        return null;
      }
    }
    try {
      Files.createSymbolicLink(fs(link), Path.of(target));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(link, Node.LINK);
    return "ln -s " + target + " " + link;
  }

  private String fileBecomesDirectory() {
    String key = pick(Node.FILE);
    if (key == null || depth(key) >= MAX_DEPTH) {
      return null;
    }
    delete(key);
    try {
      Files.createDirectory(fs(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(key, Node.DIR);
    String child = key + "/" + fileName();
    write(child, content());
    put(child, Node.FILE);
    return "file becomes directory: rm " + key + " && mkdir " + key + " + create " + child;
  }

  private String directoryBecomesFile() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    int inside = below(dir).size();
    deleteTree(dir);
    byte[] content = content();
    write(dir, content);
    put(dir, Node.FILE);
    return "directory becomes file: rm -r " + dir + " (" + inside + " entries) && create " + dir
        + " (" + content.length + " B)";
  }

  /**
   * A branch switch in one directory: half of its files deleted, a quarter rewritten, and 100–300
   * new files, with no pause: several hundred events on one directory, more than the JDK keeps
   * for one watch key (512) if the watcher falls behind.
   */
  private String checkout() {
    String dir = pickDirectory(MAX_DEPTH);
    List<String> files = new ArrayList<>();
    for (var e : model.subMap(dir + "/", dir + "0").entrySet()) {
      if (e.getValue() == Node.FILE && parent(e.getKey()).equals(dir)) {
        files.add(e.getKey());
      }
    }
    int deleted = 0;
    int rewritten = 0;
    for (String file : files) {
      int r = random.nextInt(4);
      if (r < 2) {
        delete(file);
        model.remove(file);
        deleted++;
      } else if (r == 2) {
        write(file, content());
        touched(file);
        rewritten++;
      }
    }
    int created = 100 + random.nextInt(201);
    for (int i = 0; i < created; i++) {
      String key = dir + "/" + fileName();
      write(key, text(random.nextInt(300)));
      put(key, Node.FILE);
    }
    return "checkout in " + dir + ": " + deleted + " deleted, " + rewritten + " rewritten, "
        + created + " created";
  }

  // ---- the model ----

  private void readModel(String root, Path dir) {
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

  private static String key(String root, Path dir, Path path) {
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

  private Path fs(String key) {
    int slash = key.indexOf('/');
    Path root = roots.get(slash < 0 ? key : key.substring(0, slash));
    return slash < 0 ? root : root.resolve(key.substring(slash + 1));
  }

  private void put(String key, Node node) {
    model.put(key, node);
    touched(key);
  }

  private void touched(String key) {
    recent.remove(key);
    recent.addFirst(key);
    while (recent.size() > 12) {
      recent.removeLast();
    }
  }

  private List<String> below(String dir) {
    return new ArrayList<>(model.subMap(dir + "/", dir + "0").keySet());
  }

  private boolean inSyncedRoot(String key) {
    return syncedRoots.contains(root(key));
  }

  private int count(Node kind) {
    int n = 0;
    for (var e : model.entrySet()) {
      if (e.getValue() == kind && inSyncedRoot(e.getKey())) {
        n++;
      }
    }
    return n;
  }

  /** A node of this kind in a synced root: a recently touched one half of the time. */
  private String pick(Node kind) {
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

  private String pickOther(Node kind, String not) {
    for (int i = 0; i < 5; i++) {
      String key = pick(kind);
      if (key != null && !key.equals(not)) {
        return key;
      }
    }
    return null;
  }

  /** A synced root or a directory in one, at most {@code maxDepth} below its root. */
  private String pickDirectory(int maxDepth) {
    List<String> dirs = new ArrayList<>(syncedRoots);
    for (var e : model.entrySet()) {
      if (e.getValue() == Node.DIR && inSyncedRoot(e.getKey()) && depth(e.getKey()) <= maxDepth) {
        dirs.add(e.getKey());
      }
    }
    return dirs.get(random.nextInt(dirs.size()));
  }

  private String pickDirectoryOutside(String dir) {
    for (int i = 0; i < 5; i++) {
      String parent = pickDirectory(MAX_DEPTH - 1);
      if (!parent.equals(dir) && !parent.startsWith(dir + "/")) {
        return parent;
      }
    }
    return null;
  }

  private static String root(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(0, slash);
  }

  private static String parent(String key) {
    return key.substring(0, key.lastIndexOf('/'));
  }

  private static String name(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  /** Directories between the root and the key: 0 for a root, 1 for {@code res/a}. */
  private static int depth(String key) {
    return (int) key.chars().filter(c -> c == '/').count();
  }

  // ---- disk ----

  private void write(String key, byte[] content) {
    try {
      Files.write(fs(key), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void chmod(String key, boolean exec) {
    try {
      Files.setPosixFilePermissions(fs(key), exec ? EXECUTABLE : NOT_EXECUTABLE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean isExecutable(String key) {
    try {
      return Files.getPosixFilePermissions(fs(key)).contains(PosixFilePermission.OWNER_EXECUTE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void delete(String key) {
    try {
      Files.delete(fs(key));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteTree(String dir) {
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
  private void move(String from, String to, boolean replace) {
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

  // ---- names and content ----

  /** A new, unique file name; some with spaces, quotes, shell characters, non-ASCII letters. */
  private String fileName() {
    int n = ++counter;
    String ext = EXTENSIONS[random.nextInt(EXTENSIONS.length)];
    return switch (random.nextInt(16)) {
      case 0 -> "my file " + n + ext;
      case 1 -> "grüße-" + n + ext;
      case 2 -> "it's " + n + ext;
      case 3 -> "$x&y;" + n + ext;
      case 4 -> "-dash" + n + ext;
      default -> (random.nextBoolean() ? "f" : "g") + n + ext;
    };
  }

  private String dirName() {
    int n = ++counter;
    return switch (random.nextInt(10)) {
      case 0 -> "dir " + n;
      case 1 -> "ördner" + n;
      default -> "d" + n;
    };
  }

  /** Mostly small text, some empty files, a few up to 128 KiB. */
  private byte[] content() {
    int r = random.nextInt(100);
    int size = r < 5 ? 0 : r < 55 ? 1 + random.nextInt(200) : r < 95 ? 200 + random.nextInt(3900)
        : 4096 + random.nextInt(128 * 1024);
    return text(size);
  }

  private byte[] text(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = random.nextInt(40) == 0 ? (byte) '\n' : (byte) (' ' + random.nextInt(95));
    }
    return bytes;
  }

  static List<String> tail(List<String> lines, int n) {
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }
}
