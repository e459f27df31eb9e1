package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds small images without a Docker daemon: a root file system tar with busybox-static and its
 * applet links, plus any local directories, {@code podman import}ed with a CMD and pushed to the
 * local registry. The result is pulled back by the double like any other image.
 */
public final class ImageBuilder {
  private final LocalRegistry registry;
  private final Path workDir;

  ImageBuilder(LocalRegistry registry, Path workDir) {
    this.registry = registry;
    this.workDir = workDir;
    if (!Files.isExecutable(RootfsTar.BUSYBOX)) {
      throw new IllegalStateException(
          RootfsTar.BUSYBOX + " is missing; install it with: " + TestCluster.INSTALL_COMMAND);
    }
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

  private static void writeRootfs(Path tarFile, Map<Path, String> dirs) throws IOException {
    try (OutputStream out = Files.newOutputStream(tarFile);
        RootfsTar tar = new RootfsTar(out)) {
      for (String dir : List.of("bin", "etc", "root", "usr", "usr/bin", "var", "app")) {
        tar.directory(dir, 0755);
      }
      tar.directory("tmp", 01777);
      tar.busybox();
      tar.text("etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n", 0644);
      tar.text("etc/group", "root:x:0:\nnogroup:x:65534:\n", 0644);
      for (Map.Entry<Path, String> entry : dirs.entrySet()) {
        tar.tree(entry.getKey(), entry.getValue());
      }
    }
  }
}
