package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Applies YAML manifests with kubectl, as a user would. */
final class Manifests {
  private Manifests() {}

  /** {@code kubectl apply -f} of the YAML (plus any extra arguments); fails the test if kubectl does. */
  static Cli.Result kubectlApply(TestCluster cluster, String yaml, String... extraArguments) throws Exception {
    Cli.Result result = tryKubectlApply(cluster, yaml, extraArguments);
    assertEquals(0, result.exitCode(), result.toString());
    return result;
  }

  static Cli.Result tryKubectlApply(TestCluster cluster, String yaml, String... extraArguments) throws Exception {
    Path file = Files.createTempFile("manifest", ".yaml");
    try {
      Files.writeString(file, yaml);
      List<String> args = new ArrayList<>(List.of("apply", "-f", file.toString()));
      args.addAll(List.of(extraArguments));
      return KubectlIT.kubectl(cluster, args.toArray(String[]::new));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
