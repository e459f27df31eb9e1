package dev.liveupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The operations of {@link RandomOps} on files: create, edit, delete, rename (onto existing names
 * too), swap, chmod, touch, the saves of vim, IntelliJ and atomic writers, symlinks. Each returns
 * its description, or null when it does not apply now.
 */
abstract class FileOperations extends TreeModel {

  FileOperations(long seed, Map<String, Path> roots, List<String> syncedRoots,
      String scratchRoot) {
    super(seed, roots, syncedRoots, scratchRoot);
  }

  String createFile() {
    String dir = pickDirectory(MAX_DEPTH);
    String key = dir + "/" + names.fileName();
    byte[] content = names.content();
    boolean exec = random.nextInt(4) == 0;
    write(key, content);
    if (exec) {
      chmod(key, true);
    }
    put(key, Node.FILE);
    return "create " + key + " (" + content.length + " B" + (exec ? ", +x" : "") + ")";
  }

  String editFile() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    int how = random.nextInt(4);
    try {
      switch (how) {
        case 0 -> {
          byte[] content = names.content();
          Files.write(file, content);
          return "overwrite " + key + " (" + content.length + " B)";
        }
        case 1 -> {
          byte[] more = names.text(1 + random.nextInt(200));
          Files.write(file, more, StandardOpenOption.APPEND);
          return "append " + more.length + " B to " + key;
        }
        case 2 -> {
          byte[] content = Files.readAllBytes(file);
          if (content.length == 0) {
            content = names.text(1 + random.nextInt(100));
          } else {
            int at = random.nextInt(content.length);
            content[at] = (byte) (content[at] == 'x' ? 'y' : 'x');
          }
          Files.write(file, content);
          return "same-size rewrite of " + key + " (" + content.length + " B)";
        }
        default -> {
          byte[] content = names.content();
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

  String deleteFile() {
    String key = random.nextInt(5) == 0 ? pick(Node.LINK) : pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Node kind = model.get(key);
    delete(key);
    model.remove(key);
    return "delete " + (kind == Node.LINK ? "symlink " : "") + key;
  }

  String renameFile() {
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
      to = parent(from) + "/" + names.fileName();
      what = "rename in place ";
    } else {
      String dir = pickDirectory(MAX_DEPTH);
      String name = random.nextBoolean() ? name(from) : names.fileName();
      to = dir + "/" + name;
      if (model.containsKey(to)) {
        to = dir + "/" + names.fileName();
      }
      what = "move ";
    }
    move(from, to, true);
    return what + from + " -> " + to;
  }

  String swapFiles() {
    String a = pick(Node.FILE);
    String b = pickOther(Node.FILE, a);
    if (a == null || b == null) {
      return null;
    }
    String tmp = parent(a) + "/" + names.fileName();
    move(a, tmp, false);
    move(b, a, false);
    move(tmp, b, false);
    return "swap " + a + " <-> " + b + " (via " + tmp + ")";
  }


  String chmod() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    boolean exec = !isExecutable(key);
    chmod(key, exec);
    touched(key);
    return "chmod " + (exec ? "+x " : "-x ") + key;
  }

  String touch() {
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
  String vimSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path backup = file.resolveSibling(file.getFileName() + "~");
    byte[] content = names.content();
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
  String intellijSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path tmp = file.resolveSibling(file.getFileName() + "___jb_tmp___");
    Path old = file.resolveSibling(file.getFileName() + "___jb_old___");
    byte[] content = names.content();
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
  String atomicSave() {
    String key = pick(Node.FILE);
    if (key == null) {
      return null;
    }
    Path file = fs(key);
    Path tmp = file.resolveSibling("." + file.getFileName() + "." + names.next());
    byte[] content = names.content();
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
  String symlink() {
    String dir = pickDirectory(MAX_DEPTH);
    String root = root(dir);
    String link = dir + "/" + names.fileName();
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

}
