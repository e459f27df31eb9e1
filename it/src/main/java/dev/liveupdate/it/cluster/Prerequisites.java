package dev.liveupdate.it.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The host tools the test cluster runs; a missing one fails with the command that installs it. */
final class Prerequisites {
  private Prerequisites() {}

  static void check() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("podman", "runc", "docker-registry")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!Files.isExecutable(RootfsTar.BUSYBOX)) {
      missing.add(RootfsTar.BUSYBOX.toString());
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("The test cluster needs " + String.join(", ", missing)
          + "; install with: " + TestCluster.INSTALL_COMMAND);
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
  }
}
