package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds small images without a Docker daemon: a root file system tar with busybox-static and its
 * applet links, plus any local directories, {@code podman import}ed with a CMD and pushed to the
 * local registry. The result is pulled back by the double like any other image.
 */
public final class ImageBuilder {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  private final LocalRegistry registry;
  private final Path workDir;
  private final List<String> applets;

  ImageBuilder(LocalRegistry registry, Path workDir) {
    this.registry = registry;
    this.workDir = workDir;
    if (!Files.isExecutable(BUSYBOX)) {
      throw new IllegalStateException(
          BUSYBOX + " is missing; install it with: " + TestCluster.INSTALL_COMMAND);
    }
    this.applets = busyboxApplets();
  }

  /** Builds and pushes the plain busybox base image; returns its pullable reference. */
  String buildBase() {
    return buildImage("liveupdate/busybox", "latest", Map.of(), List.of("sh"));
  }

  /**
   * Builds busybox + the given directories (contents copied into the container directory, modes
   * kept, symlinks kept as links) with the given CMD, pushes it, and returns
   * {@code 127.0.0.1:PORT/repository:tag}.
   */
  public String buildImage(
      String repository, String tag, Map<Path, String> localDirToContainerDir, List<String> cmd) {
    String reference = registry.address() + "/" + repository + ":" + tag;
    try {
      Files.createDirectories(workDir);
      Path tar = Files.createTempFile(workDir, "rootfs-", ".tar");
      try {
        writeRootfs(tar, localDirToContainerDir);
        Podman.run(
            "import",
            "--change", "CMD=" + Json.MAPPER.writeValueAsString(cmd),
            "--change", "WORKDIR=/",
            tar.toString(),
            reference);
        Podman.run("push", "--tls-verify=false", reference);
        // Forget the local copy so that the double really pulls from the registry.
        Podman.tryRun(List.of("rmi", reference), null);
        return reference;
      } finally {
        Files.deleteIfExists(tar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build image " + reference, e);
    }
  }

  private void writeRootfs(Path tarFile, Map<Path, String> dirs) throws IOException {
    try (OutputStream out = Files.newOutputStream(tarFile);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      Set<String> written = new LinkedHashSet<>();
      for (String dir : List.of("bin", "etc", "root", "usr", "usr/bin", "var", "app")) {
        directory(tar, dir, 0755, written);
      }
      directory(tar, "tmp", 01777, written);
      file(tar, "bin/busybox", BUSYBOX, 0755);
      for (String applet : applets) {
        if (!applet.equals("busybox")) {
          symlink(tar, "bin/" + applet, "busybox");
        }
      }
      symlink(tar, "usr/bin/env", "/bin/busybox");
      text(tar, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n");
      text(tar, "etc/group", "root:x:0:\nnogroup:x:65534:\n");
      for (Map.Entry<Path, String> entry : dirs.entrySet()) {
        copyDirectory(tar, entry.getKey(), entry.getValue(), written);
      }
    }
  }

  private void copyDirectory(TarArchiveOutputStream tar, Path source, String target, Set<String> written)
      throws IOException {
    if (!target.startsWith("/") || target.contains("..")) {
      throw new IllegalArgumentException("container directory must be absolute, got " + target);
    }
    if (!Files.isDirectory(source)) {
      throw new IllegalArgumentException(source + " is not a directory");
    }
    String root = target.replaceAll("^/+|/+$", "");
    StringBuilder parent = new StringBuilder();
    for (String segment : root.split("/")) {
      if (!segment.isEmpty()) {
        parent.append(parent.length() == 0 ? "" : "/").append(segment);
        directory(tar, parent.toString(), 0755, written);
      }
    }
    try (Stream<Path> walk = Files.walk(source)) {
      for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
        if (path.equals(source)) {
          continue;
        }
        String name = (root.isEmpty() ? "" : root + "/") + source.relativize(path).toString().replace('\\', '/');
        if (Files.isSymbolicLink(path)) {
          symlink(tar, name, Files.readSymbolicLink(path).toString());
        } else if (Files.isDirectory(path)) {
          directory(tar, name, mode(path), written);
        } else {
          file(tar, name, path, mode(path));
        }
      }
    }
  }

  private static void directory(TarArchiveOutputStream tar, String name, int mode, Set<String> written)
      throws IOException {
    if (!written.add(name)) {
      return;
    }
    TarArchiveEntry entry = new TarArchiveEntry(name + "/");
    entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~07777 | mode);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static void file(TarArchiveOutputStream tar, String name, Path source, int mode)
      throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(Files.size(source));
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | mode);
    entry.setModTime(Files.getLastModifiedTime(source).toMillis());
    tar.putArchiveEntry(entry);
    Files.copy(source, tar);
    tar.closeArchiveEntry();
  }

  private static void text(TarArchiveOutputStream tar, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(bytes.length);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~07777 | 0644);
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static void symlink(TarArchiveOutputStream tar, String name, String target) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
    entry.setLinkName(target);
    entry.setMode(0120777);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private static int mode(Path path) throws IOException {
    int mode = 0;
    for (PosixFilePermission permission : Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)) {
      mode |= 1 << (8 - permission.ordinal());
    }
    return mode;
  }

  private static List<String> busyboxApplets() {
    try {
      Process process =
          new ProcessBuilder(BUSYBOX.toString(), "--list").redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
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
