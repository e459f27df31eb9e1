package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one update to the container's file system, with the semantics of the plugin's copy
 * script ({@code rm -rf} of each path, then {@code tar -x -C /} as root) and stricter bounds:
 * <ul>
 *   <li>a removal deletes the path and everything below it, links as links; a path already gone, or
 *       below something that is not a directory, is nothing to do; a path reached through a symlink
 *       is not followed (nothing to do either);
 *   <li>a file is written under a temporary name beside it and renamed into place (readers see the
 *       old file or the new one, never half of it), with the entry's permission bits (0777; no
 *       set-id bits, no umask) and modification time; what stood there before (file, link,
 *       directory) is replaced;
 *   <li>a directory is created with the entry's permission bits; missing parents with 0755;
 *   <li>a symlink is created as a link, never followed, when its target is relative and stays in the
 *       destination that holds it;
 *   <li>anything outside the destinations, through a symlink, a hard link or a device is refused.
 * </ul>
 * Every refusal and failure is collected; the caller reports them and fails the update.
 */
final class TreeUpdate {

  private final Destinations destinations;
  private final List<String> problems = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private int removed;
  private int entries;

  TreeUpdate(Destinations destinations) {
    this.destinations = destinations;
  }

  List<String> problems() {
    return problems;
  }

  /** The regular files written, in stream order. */
  List<Path> files() {
    return files;
  }

  String summary() {
    return removed + " removal(s), " + entries + " entr(ies) written";
  }

  void remove(String containerPath) {
    Optional<Path> path = destinations.inside(containerPath);
    if (path.isEmpty()) {
      problems.add("refused to remove " + containerPath + ": not below a destination " + destinations.roots());
      return;
    }
    try {
      if (destinations.parentsProblem(path.get(), true) != null) {
        return; // below a link (not followed) or below a file: not there
      }
      deleteTree(path.get());
      removed++;
    } catch (IOException e) {
      problems.add("cannot remove " + containerPath + ": " + e);
    }
  }

  /** Applies one tar entry; {@code tar} is positioned at its data. */
  void apply(TarReader.Entry entry, TarReader tar) throws IOException {
    String name = "/" + entry.name;
    Optional<Path> path = destinations.inside(name);
    if (path.isEmpty()) {
      problems.add("refused " + entry.name + ": not below a destination " + destinations.roots());
      return;
    }
    Path target = path.get();
    try {
      String parents = destinations.parentsProblem(target, true);
      if (parents != null) {
        problems.add("refused " + entry.name + ": " + parents);
        return;
      }
      if (entry.isFile()) {
        createParents(target);
        writeFile(target, entry, tar);
        files.add(target);
      } else if (entry.type == '5') {
        createParents(target);
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(target);
          Files.createDirectory(target);
        }
        Files.setPosixFilePermissions(target, permissions(entry.mode));
      } else if (entry.type == '2') {
        Path link = Paths.get(entry.linkName);
        Path resolved = target.getParent().resolve(link).normalize();
        if (link.isAbsolute() || entry.linkName.isEmpty() || !destinations.sameDestination(target, resolved)) {
          problems.add("refused symlink " + entry.name + " -> " + entry.linkName + ": its target is not inside its"
              + " destination");
          return;
        }
        createParents(target);
        Path temporary = temporary(target);
        Files.createSymbolicLink(temporary, link);
        replace(temporary, target);
      } else {
        problems.add("refused " + entry.name + ": entry type '" + entry.type + "' (only files, directories and"
            + " symlinks are synced)");
        return;
      }
      entries++;
    } catch (java.io.EOFException e) {
      throw e; // the stream, not this file: the caller reports it once
    } catch (IOException e) {
      problems.add("cannot write " + name + ": " + e);
    }
  }

  private void writeFile(Path target, TarReader.Entry entry, TarReader tar) throws IOException {
    Path temporary = temporary(target);
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = tar.read(buffer, 0, buffer.length); n >= 0; n = tar.read(buffer, 0, buffer.length)) {
          out.write(buffer, 0, n);
        }
      }
      Files.setPosixFilePermissions(temporary, permissions(entry.mode));
      Files.setLastModifiedTime(temporary, FileTime.fromMillis(entry.mtimeMillis));
      replace(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static Path temporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".liveupdate-" + ProcessHandle.current().pid());
  }

  /** Renames into place; a directory there is removed first (rename cannot replace one). */
  private static void replace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (FileSystemException e) {
      if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
      deleteTree(target);
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Creates the missing directories between the destination and the path (0755), the destination too. */
  private static void createParents(Path target) throws IOException {
    Files.createDirectories(target.getParent());
  }

  /** Deletes a path and what is below it; links are deleted, never followed. Missing: nothing to do. */
  static void deleteTree(Path path) throws IOException {
    try {
      Files.walkFileTree(path, new SimpleFileVisitor<Path>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          if (e != null) {
            throw e;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
        PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
        PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        permissions.add(bits[i]);
      }
    }
    return permissions;
  }
}
