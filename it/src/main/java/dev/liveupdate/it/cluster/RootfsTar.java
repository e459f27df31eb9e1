package dev.liveupdate.it.cluster;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes a root file system (or one image layer) as a tar: directories, files, text files and
 * symlinks by their path in the image, owned by root. Copied files keep their modification time;
 * what is generated here (directories, text files, links) gets one fixed time.
 */
final class RootfsTar implements Closeable {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  /** 1970-01-01T00:00:01Z, as Jib stamps its layers. */
  private static final long MODIFIED_MILLIS = 1000;

  private final TarArchiveOutputStream tar;
  private final Set<String> directories = new HashSet<>();

  RootfsTar(OutputStream out) {
    this.tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** A directory and its missing parents; a directory written before is not written again. */
  void directory(String name, int mode) throws IOException {
    String parent = parentOf(name);
    if (!parent.isEmpty()) {
      directory(parent, 0755);
    }
    if (!directories.add(name)) {
      return;
    }
    TarArchiveEntry entry = new TarArchiveEntry(name + "/");
    entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
    entry.setModTime(MODIFIED_MILLIS);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /** A copy of a regular file of the host (symlinks followed). */
  void file(String name, Path source, int mode) throws IOException {
    parents(name);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(source));
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    entry.setModTime(Files.getLastModifiedTime(source).toMillis());
    tar.putArchiveEntry(entry);
    Files.copy(source, tar);
    tar.closeArchiveEntry();
  }

  void text(String name, String content, int mode) throws IOException {
    parents(name);
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    entry.setModTime(MODIFIED_MILLIS);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  void symlink(String name, String target) throws IOException {
    parents(name);
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    entry.setLinkName(target);
    entry.setMode(0120777);
    entry.setModTime(MODIFIED_MILLIS);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  /**
   * Copies a host directory's content into {@code target} (an absolute image path): modes kept,
   * symlinks kept as links, entries in name order.
   */
  void tree(Path source, String target) throws IOException {
    if (!target.startsWith("/") || target.contains("..")) {
      throw new IllegalArgumentException("container directory must be absolute, got " + target);
    }
    if (!Files.isDirectory(source)) {
      throw new IllegalArgumentException(source + " is not a directory");
    }
    String root = target.replaceAll("^/+|/+$", "");
    if (!root.isEmpty()) {
      directory(root, 0755);
    }
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (path.equals(source)) {
          continue;
        }
        String name = (root.isEmpty() ? "" : root + "/") + source.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
          symlink(name, Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path)) {
          directory(name, mode(path));
        } else {
          file(name, path, mode(path));
        }
      }
    }
  }

  /** {@code /bin/busybox} with a link per applet in {@code bin/}, and {@code /usr/bin/env}. */
  void busybox() throws IOException {
    file("bin/busybox", BUSYBOX, 0755);
    for (String applet : busyboxApplets()) {
      if (!applet.equals("busybox")) {
        symlink("bin/" + applet, "busybox");
      }
    }
    symlink("usr/bin/env", "/bin/busybox");
  }

  @Override
  public void close() throws IOException {
    tar.close();
  }

  private void parents(String name) throws IOException {
    String parent = parentOf(name);
    if (!parent.isEmpty()) {
      directory(parent, 0755);
    }
  }

  private static String parentOf(String name) {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  private static int mode(Path path) throws IOException {
    int mode = 0;
    for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  private static List<String> busyboxApplets() {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(BUSYBOX + " is missing; install it with: " + TestCluster.INSTALL_COMMAND);
    }
    try {
      Process process = new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("busybox --list failed: " + out);
      }
      List<String> applets = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (line.matches("[A-Za-z0-9_.\\[\\]-]+")) {
          applets.add(line);
        }
      }
      return applets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + BUSYBOX, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing busybox applets", e);
    }
  }
}
