package dev.liveupdate.it;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java loop on a Spring Boot app ({@code java-spring}, two replicas, no {@code <liveUpdate>}):
 * a controller edit and a property edit in one save are compiled with the Spring parent's
 * compiler settings, synced, and both replicas serve them once Spring has started again in each
 * container. What is served is fetched from each pod's own IP.
 */
class JavaSpringLoopIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("java-spring-loop");

  private static final String APP = "java-spring";
  private static final Duration UPDATE = Duration.ofMinutes(4);
  private static final Duration ROLLOUT = Duration.ofMinutes(8);

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess dev;
  private static List<PodInfo> pods;

  @BeforeAll
  static void deployAndStartDev() throws Exception {
    cluster = CLUSTER.cluster();
    JavaSample sample = JavaSample.build(APP, CLUSTER.work(), cluster);
    project = sample.project();
    sample.deploy(cluster);
    Set<String> plain = cluster.waitForRunningPods("default", APP, 2, ROLLOUT).stream()
        .map(PodInfo::name).collect(Collectors.toSet());
    dev = MavenProcess.start(project, false, "-ntp", "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        "-Djib.disableUpdateChecks=true");
    dev.awaitLine("Watching .* for deployment/java-spring in namespace default", 0, ROLLOUT);
    pods = cluster.awaitPods("default", APP, ps -> ps.size() == 2
        && ps.stream().allMatch(PodInfo::ready)
        && ps.stream().noneMatch(p -> plain.contains(p.name())), "2 Ready pods of the dev image",
        ROLLOUT);
  }

  @AfterAll
  static void stopDev() throws Exception {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void aControllerAndAPropertyEditedTogetherAreServedByBothReplicas() throws Exception {
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Hello from java-spring on " + pod.name() + "\n", UPDATE);
    }
    int from = dev.lineCount();
    Path controller = project.resolve("src/main/java/demo/spring/GreetingController.java");
    Files.writeString(controller, Files.readString(controller, StandardCharsets.UTF_8)
        .replace("greeting + \" on \" + host", "greeting + \" (live) on \" + host"));
    Path properties = project.resolve("src/main/resources/application.properties");
    Files.writeString(properties, Files.readString(properties, StandardCharsets.UTF_8)
        .replace("greeting=Hello from java-spring", "greeting=Hi from java-spring"));

    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Hi from java-spring (live) on " + pod.name() + "\n", UPDATE);
      dev.awaitLine(pod.name() + "/app: restarted app in \\d+ ms", from, UPDATE);
    }
  }
}
