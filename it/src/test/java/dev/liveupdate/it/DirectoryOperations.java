package dev.liveupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operations of {@link RandomOps} on directories: nested mkdirs, recursive deletes, renames
 * and replacements, round trips, directories parked outside the project and brought back, type
 * changes between files and directories, a checkout-like swap of many files. Each returns its
 * description, or null when it does not apply now.
 */
abstract class DirectoryOperations extends FileOperations {

  DirectoryOperations(long seed, Map<String, Path> roots, List<String> syncedRoots,
      String scratchRoot) {
    super(seed, roots, syncedRoots, scratchRoot);
  }

  String makeDirectories() {
    String parent = pickDirectory(MAX_DEPTH - 2);
    int depth = 1 + random.nextInt(3);
    String dir = parent;
    List<String> made = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      dir = dir + "/" + names.dirName();
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
        String key = made.get(random.nextInt(made.size())) + "/" + names.fileName();
        byte[] content = names.content();
        write(key, content);
        put(key, Node.FILE);
        description.append(" + create ").append(key).append(" (").append(content.length)
            .append(" B)");
      }
    }
    return description.toString();
  }

  String deleteDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    int inside = below(dir).size();
    deleteTree(dir);
    return "rm -r " + dir + " (" + inside + " entries below)";
  }

  String renameDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String parent = pickDirectoryOutside(dir);
    if (parent == null) {
      return null;
    }
    String to = parent + "/" + (random.nextBoolean() ? name(dir) : names.dirName());
    if (model.containsKey(to)) {
      to = parent + "/" + names.dirName();
    }
    move(dir, to, false);
    return "mv dir " + dir + " -> " + to;
  }

  /** {@code mv d d.old && mkdir d}, sometimes with a file in the new {@code d}. */
  String replaceDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String away = parent(dir) + "/" + names.dirName();
    move(dir, away, false);
    try {
      Files.createDirectory(fs(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    put(dir, Node.DIR);
    String description = "mv dir " + dir + " -> " + away + " && mkdir " + dir;
    if (random.nextBoolean()) {
      String key = dir + "/" + names.fileName();
      write(key, names.content());
      put(key, Node.FILE);
      description += " + create " + key;
    }
    return description;
  }

  /**
   * A directory moved away (out of the project or beside itself) and straight back, as a backup
   * and restore or an undone {@code mv} does; then, sometimes, a file in it deleted or edited.
   */
  String roundTrip() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String away = random.nextBoolean() ? scratchRoot + "/" + names.dirName()
        : parent(dir) + "/" + names.dirName();
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
        byte[] content = names.content();
        write(file, content);
        touched(file);
        description += " && overwrite " + file + " (" + content.length + " B)";
      }
    }
    return description;
  }

  /** Moves a directory out of the project, to the scratch place. */
  String parkDirectory() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    String to = scratchRoot + "/" + names.dirName();
    move(dir, to, false);
    parkedFrom.put(to, dir);
    return "mv dir " + dir + " -> " + to + " (out of the project)";
  }

  /** Brings a parked directory back, under its name or a new one. */
  String unparkDirectory() {
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
        : pickDirectory(MAX_DEPTH - 1) + "/" + (random.nextBoolean() ? name(from) : names.dirName());
    if (model.containsKey(to)) {
      return null;
    }
    move(from, to, false);
    return "mv dir " + from + " -> " + to + " (back into the project, " + below(to).size()
        + " entries)";
  }


  String fileBecomesDirectory() {
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
    String child = key + "/" + names.fileName();
    write(child, names.content());
    put(child, Node.FILE);
    return "file becomes directory: rm " + key + " && mkdir " + key + " + create " + child;
  }

  String directoryBecomesFile() {
    String dir = pick(Node.DIR);
    if (dir == null) {
      return null;
    }
    int inside = below(dir).size();
    deleteTree(dir);
    byte[] content = names.content();
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
  String checkout() {
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
        write(file, names.content());
        touched(file);
        rewritten++;
      }
    }
    int created = 100 + random.nextInt(201);
    for (int i = 0; i < created; i++) {
      String key = dir + "/" + names.fileName();
      write(key, names.text(random.nextInt(300)));
      put(key, Node.FILE);
    }
    return "checkout in " + dir + ": " + deleted + " deleted, " + rewritten + " rewritten, "
        + created + " created";
  }

}
