package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.io.file.PathUtils;

/**
 * Seeded random file-system operations on a tree, the way people and tools change a project:
 * creates, edits, deletes, renames, folders made, removed, renamed, replaced and moved out and
 * back in, chmod, vim's and IntelliJ's safe writes, relative symlinks, bursts and pauses. The same
 * seed gives the same operations on the same starting tree.
 */
final class RandomTreeOps {

  private final Random random;
  private final Path root;
  private final Path outside;
  private final List<String> log = new ArrayList<>();
  private int counter;

  /**
   * @param root the tree to change
   * @param outside a scratch folder outside the watched tree, for moves out and back in
   */
  RandomTreeOps(long seed, Path root, Path outside) {
    this.random = new Random(seed);
    this.root = root;
    this.outside = outside;
  }

  /** The last operations done, for a failure message. */
  List<String> recentLog(int count) {
    return log.subList(Math.max(0, log.size() - count), log.size());
  }

  /** Runs {@code count} operations, in bursts with short pauses between some of them. */
  void run(int count) throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      step();
      if (random.nextInt(40) == 0) {
        Thread.sleep(random.nextInt(120)); // sometimes longer than the quiet period
      }
    }
  }

  void step() throws IOException {
    List<Path> files = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    list(files, dirs);
    int op = random.nextInt(100);
    try {
      if (op < 22 || files.isEmpty()) {
        create(pick(dirs));
      } else if (op < 42) {
        edit(pick(files));
      } else if (op < 50) {
        delete(pick(files));
      } else if (op < 58) {
        renameFile(pick(files), pick(dirs));
      } else if (op < 64) {
        mkdirs(pick(dirs));
      } else if (op < 68 && dirs.size() > 1) {
        removeDir(pickBelowRoot(dirs));
      } else if (op < 72 && dirs.size() > 1) {
        renameDir(pickBelowRoot(dirs), pick(dirs));
      } else if (op < 75 && dirs.size() > 1) {
        replaceDir(pickBelowRoot(dirs));
      } else if (op < 78 && dirs.size() > 1) {
        moveOutAndBackIn(pickBelowRoot(dirs));
      } else if (op < 82) {
        chmod(pick(files));
      } else if (op < 88) {
        vimSave(pick(files));
      } else if (op < 93) {
        intellijSave(pick(files));
      } else if (op < 96) {
        symlink(pick(files));
      } else if (op < 98) {
        tempFile(pick(dirs));
      } else {
        typeChange(pick(files));
      }
    } catch (java.nio.file.NoSuchFileException | java.nio.file.FileAlreadyExistsException
        | java.nio.file.DirectoryNotEmptyException e) {
      log.add("  (skipped: " + e + ")");
    }
  }

  private void create(Path dir) throws IOException {
    Path file = dir.resolve("f" + (++counter) + ".txt");
    Files.writeString(file, content());
    log.add("create " + rel(file));
  }

  private void edit(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return;
    }
    int how = random.nextInt(3);
    if (how == 0) {
      Files.writeString(file, content());
    } else if (how == 1) {
      Files.writeString(file, "+" + random.nextInt(10), StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
    } else {
      // same size, new bytes: size and mtime may both look unchanged
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] = (byte) ('a' + random.nextInt(26));
      }
      Files.write(file, bytes);
    }
    log.add("edit(" + how + ") " + rel(file));
  }

  private void delete(Path file) throws IOException {
    Files.delete(file);
    log.add("delete " + rel(file));
  }

  private void renameFile(Path file, Path dir) throws IOException {
    Path to = random.nextBoolean() ? dir.resolve("r" + (++counter) + ".txt")
        : dir.resolve(file.getFileName());
    if (Files.isDirectory(to)) {
      return;
    }
    Files.move(file, to, StandardCopyOption.REPLACE_EXISTING);
    log.add("rename " + rel(file) + " -> " + rel(to));
  }

  private void mkdirs(Path dir) throws IOException {
    Path made = dir.resolve("d" + (++counter));
    if (random.nextBoolean()) {
      made = made.resolve("e" + counter);
    }
    Files.createDirectories(made);
    if (random.nextInt(3) > 0) {
      Files.writeString(made.resolve("in" + counter + ".txt"), content());
    }
    log.add("mkdir " + rel(made));
  }

  private void removeDir(Path dir) throws IOException {
    PathUtils.deleteDirectory(dir);
    log.add("rm -r " + rel(dir));
  }

  private void renameDir(Path dir, Path into) throws IOException {
    if (into.startsWith(dir)) {
      return;
    }
    Path to = into.resolve("m" + (++counter));
    Files.move(dir, to);
    log.add("mv dir " + rel(dir) + " -> " + rel(to));
  }

  /** {@code mv d old && mkdir d} and a new file in it, all at once. */
  private void replaceDir(Path dir) throws IOException {
    Path old = outside.resolve("old" + (++counter));
    Files.move(dir, old);
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("fresh" + counter + ".txt"), content());
    log.add("replace dir " + rel(dir));
  }

  private void moveOutAndBackIn(Path dir) throws IOException {
    Path away = outside.resolve("away" + (++counter));
    Files.move(dir, away);
    Files.writeString(away.resolve("while-away" + counter + ".txt"), content());
    Path back = dir.resolveSibling(dir.getFileName() + "-back");
    Files.move(away, back);
    log.add("mv out and back " + rel(dir) + " -> " + rel(back));
  }

  private void chmod(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return;
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
    if (!perms.remove(PosixFilePermission.OWNER_EXECUTE)) {
      perms.add(PosixFilePermission.OWNER_EXECUTE);
    }
    Files.setPosixFilePermissions(file, perms);
    log.add("chmod " + rel(file));
  }

  /** vim with backupcopy=no: rename to the backup, write anew, delete the backup. */
  private void vimSave(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return;
    }
    Path backup = file.resolveSibling(file.getFileName() + "~");
    Files.move(file, backup, StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(file, content());
    Files.delete(backup);
    log.add("vim save " + rel(file));
  }

  /** IntelliJ's safe write: temp file, old renamed away, temp renamed in, old deleted. */
  private void intellijSave(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + "___jb_tmp___");
    Path old = file.resolveSibling(file.getFileName() + "___jb_old___");
    Files.writeString(tmp, content());
    Files.move(file, old, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, file);
    Files.delete(old);
    log.add("intellij save " + rel(file));
  }

  private void symlink(Path target) throws IOException {
    Path link = target.resolveSibling("link" + (++counter));
    Files.createSymbolicLink(link, target.getFileName());
    log.add("symlink " + rel(link) + " -> " + target.getFileName());
  }

  /** A temporary file that lives a moment, like sed -i's. */
  private void tempFile(Path dir) throws IOException {
    Path tmp = Files.writeString(dir.resolve("sedTmp" + (++counter)), content());
    Files.delete(tmp);
    log.add("temp " + rel(tmp));
  }

  /** A file replaced by a folder of the same name. */
  private void typeChange(Path file) throws IOException {
    Files.delete(file);
    Files.createDirectory(file);
    Files.writeString(file.resolve("was-a-file.txt"), content());
    log.add("file -> dir " + rel(file));
  }

  private String content() {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(40);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.append('\n').toString();
  }

  private void list(List<Path> files, List<Path> dirs) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted().forEach(p -> (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          ? dirs : files).add(p));
    }
  }

  private Path pick(List<Path> paths) {
    return paths.get(random.nextInt(paths.size()));
  }

  private Path pickBelowRoot(List<Path> dirs) {
    return dirs.get(1 + random.nextInt(dirs.size() - 1));
  }

  private String rel(Path path) {
    return root.relativize(path).toString();
  }
}
