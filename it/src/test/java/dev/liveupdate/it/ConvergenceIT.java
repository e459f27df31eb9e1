package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Containers that appear while {@code dev} runs — a restart after a kill, new replicas — receive
 * every change made since the image was built, deletes included, without a new edit. Checked
 * inside each container.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConvergenceIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("converge");


  private static final Duration CONVERGES_WITHIN = Duration.ofSeconds(20);
  private static final String EDITED = "print('v2')\n";

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;

  @BeforeAll
  static void startDevSessionAndSync() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("converge", work);
    String image = cluster.buildImage("converge", "1", Map.of(project.resolve("api"), "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "converge", 1, Map.of("app", "converge"), "main", image,
        List.of());
    PodInfo pod = cluster.waitForRunningPods("default", "converge", 1, Duration.ofSeconds(60))
        .get(0);
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/converge");

    Files.writeString(project.resolve("api/app.py"), EDITED);
    Files.delete(project.resolve("api/old.txt"));
    awaitConverged(pod.containerId());
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(1)
  void aKilledContainersReplacementConvergesWithoutANewEdit() throws Exception {
    PodInfo pod = cluster.pods("default", "app=converge").get(0);
    cluster.killContainer(pod.containerId());

    String restarted = awaitNewContainer(pod.name(), pod.containerId());
    awaitConverged(restarted);
  }

  @Test
  @Order(2)
  void newReplicasFromScalingOneToThreeConverge() throws Exception {
    Process scale = new ProcessBuilder("kubectl", "--kubeconfig", cluster.kubeconfig().toString(),
        "scale", "deployment/converge", "--replicas=3").inheritIO().start();
    assertEquals(0, scale.waitFor());

    List<PodInfo> pods = cluster.waitForRunningPods("default", "converge", 3,
        Duration.ofSeconds(60));
    assertEquals(3, pods.size());
    for (PodInfo pod : pods) {
      awaitConverged(pod.containerId());
    }
  }

  @Test
  @Order(3)
  void anEditMadeWhileDevWasNotRunningLandsAtStartUp() throws Exception {
    mvn.close();
    Files.writeString(project.resolve("api/app.py"), "print('v3')\n");
    Files.writeString(project.resolve("api/old.txt"), "back\n");

    mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig());
    int watching = mvn.awaitLine("Watching .* for deployment/converge", 0,
        Duration.ofSeconds(60));
    assertTrue(mvn.lines().subList(0, watching).stream()
        .anyMatch(l -> l.contains("sync: 2 file(s) copied")), mvn.tail(30));
    for (PodInfo pod : cluster.pods("default", "app=converge")) {
      assertEquals("print('v3')\nback\n", cluster.podmanExec(pod.containerId(), "sh", "-c",
          "cat /app/api/app.py /app/api/old.txt"), "in place before the user is told to edit");
    }
  }

  /** The edited file is there and the deleted one is not, read inside the container. */
  private static void awaitConverged(String containerId) {
    String expected = EDITED + "old.txt absent\n";
    await().atMost(CONVERGES_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertEquals(expected, cluster.podmanExec(containerId, "sh", "-c",
            "cat /app/api/app.py; if [ -e /app/api/old.txt ]; then echo old.txt present; "
                + "else echo old.txt absent; fi"), () -> "container " + containerId
            + " did not converge within " + CONVERGES_WITHIN.toSeconds() + " s; mvn output:\n"
            + mvn.tail(30)));
  }

  private static String awaitNewContainer(String podName, String oldId) {
    try {
      return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.pods("default", "app=converge").stream()
              .filter(pod -> pod.name().equals(podName) && "Running".equals(pod.phase())
                  && !pod.containerId().equals(oldId))
              .map(PodInfo::containerId).findFirst(), java.util.Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("pod " + podName + " was not restarted with a new container", e);
    }
  }
}
