package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <manifests>} in a Jib module: nothing is deployed before {@code mvn liveupdate:dev}; the
 * goal builds the module's dev image with its own Jib, puts it into the manifest's Deployment
 * (whose image names Jib's {@code <to><image>} repository), applies it, and the session starts on
 * the pods it made without a rollout of its own; a resource edit is then served.
 */
class JavaManifestsIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("java-manifests");

  private static final String APP = "java-plain";
  private static final Duration START = Duration.ofMinutes(6);

  @Test
  void devDeploysTheDevImageFromTheManifestsAndLiveUpdatesIt() throws Exception {
    TestCluster cluster = CLUSTER.cluster();
    JavaSample sample = JavaSample.build(APP, CLUSTER.work(), cluster);
    Path project = sample.project();
    Files.createDirectories(project.resolve("k8s"));
    Files.writeString(project.resolve("k8s/deployment.yaml"),
        sample.manifest(cluster).replace("replicas: 2", "replicas: 1"), StandardCharsets.UTF_8);
    Path pom = project.resolve("pom.xml");
    Files.writeString(pom, Files.readString(pom, StandardCharsets.UTF_8).replace(
        "<version>" + System.getProperty("liveupdate.version") + "</version>\n      </plugin>",
        "<version>" + System.getProperty("liveupdate.version") + "</version>\n"
            + "        <configuration><liveUpdate><manifests><manifest>k8s</manifest>"
            + "</manifests></liveUpdate></configuration>\n      </plugin>"),
        StandardCharsets.UTF_8);
    assertTrue(Files.readString(pom).contains("<manifest>k8s</manifest>"), "POM edited");
    assertEquals(List.of(), cluster.pods("default", "app=" + APP), "nothing deployed yet");

    try (MavenProcess dev = MavenProcess.start(project, false, "-ntp", "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        "-Djib.disableUpdateChecks=true")) {
      dev.awaitLine("applied deployment/java-plain \\(created\\)", 0, START);
      int watching = dev.awaitLine("Watching .* for deployment/java-plain", 0, START);
      assertTrue(dev.lines().subList(0, watching).stream()
          .noneMatch(l -> l.contains("Rebuilding the image")), "no rollout of its own:\n"
          + dev.tail(40));
      List<PodInfo> pods = cluster.awaitPods("default", APP,
          ps -> ps.size() == 1 && ps.get(0).ready(), "1 Ready pod", START);
      PodInfo pod = pods.get(0);
      String image = pod.containerIds().isEmpty() ? "" : cluster.podmanExec(pod.containerId(),
          "sh", "-c", "test -e /opt/liveupdate && echo supervised || echo plain").trim();
      assertEquals("supervised", image, "the pod runs the dev image");
      assertEquals("Hello from java-plain on " + pod.name() + "\n", Http.get(pod, "/"));

      Path hello = project.resolve("src/main/resources/static/hello.txt");
      Files.createDirectories(hello.getParent());
      Files.writeString(hello, "edited after the manifests\n");
      Http.await(pod, "/hello.txt", "edited after the manifests\n", START);
    }
  }
}
