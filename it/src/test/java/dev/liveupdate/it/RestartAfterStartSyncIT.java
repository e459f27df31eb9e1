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
 * Issue 10, item 2: what a session has put into containers — the start-up sync included, and
 * what an earlier session put there — reaches every container that starts later (a restart, a new
 * replica), and nothing the image already holds is sent again. The image holds an old
 * {@code app.py} and the same {@code keep.txt} as the project; the project adds {@code extra.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestartAfterStartSyncIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("faults-restart");

  private static final String DEPLOYMENT = "fault-restart";
  private static final Duration CONVERGES_WITHIN = Duration.ofSeconds(30);
  /** What every container must hold: the project's files, read inside the container. */
  private static final String EXPECTED = "print('v2')\nsent by the start-up sync\n"
      + "the same in the image\n";

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;

  @BeforeAll
  static void deployTheOldImage() throws Exception {
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("faults/restart", CLUSTER.work());
    Path old = Files.createDirectories(CLUSTER.work().resolve("image-api"));
    Files.writeString(old.resolve("app.py"), "print('v1')\n");
    Files.copy(project.resolve("api/keep.txt"), old.resolve("keep.txt"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String image = cluster.buildImage(DEPLOYMENT, "1", Map.of(old, "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", DEPLOYMENT, 1, Map.of("app", DEPLOYMENT), "main", image,
        List.of());
    cluster.waitForRunningPods("default", DEPLOYMENT, 1, Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(1)
  void aContainerRestartedAfterTheStartUpSyncGetsWhatItSent() throws Exception {
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
    assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("sync: 2 file(s) copied")),
        mvn.tail(20));
    PodInfo pod = cluster.pods("default", "app=" + DEPLOYMENT).get(0);
    assertEquals(EXPECTED, contents(pod.containerId()));

    int before = mvn.lineCount();
    cluster.killContainer(pod.containerId());
    String restarted = awaitNewContainer(pod.name(), pod.containerId());
    awaitHolds(restarted);
    assertOnlyTheDifferencesWereSent(before);
  }

  @Test
  @Order(2)
  void editsOfAnEarlierSessionReachAContainerRestartedDuringTheNextOne() throws Exception {
    mvn.close();
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
    assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("sync: everything up to date")),
        "the start-up sync of this session sends nothing:\n" + mvn.tail(20));

    PodInfo pod = cluster.pods("default", "app=" + DEPLOYMENT).get(0);
    int before = mvn.lineCount();
    cluster.killContainer(pod.containerId());
    String restarted = awaitNewContainer(pod.name(), pod.containerId());
    awaitHolds(restarted);
    assertOnlyTheDifferencesWereSent(before);
  }

  @Test
  @Order(3)
  void aNewReplicaGetsItToo() throws Exception {
    int before = mvn.lineCount();
    cluster.scaleDeployment("default", DEPLOYMENT, 2);
    List<PodInfo> pods = cluster.waitForRunningPods("default", DEPLOYMENT, 2,
        Duration.ofSeconds(60));
    for (PodInfo pod : pods) {
      awaitHolds(pod.containerId());
    }
    assertOnlyTheDifferencesWereSent(before);
  }

  /** The catch-up after {@code from} sent app.py and extra.txt, never keep.txt. */
  private static void assertOnlyTheDifferencesWereSent(int from) {
    List<String> log = mvn.lines().subList(from, mvn.lineCount());
    assertTrue(log.stream().anyMatch(l -> l.contains("] 2 files changed")), String.join("\n",
        log));
    assertTrue(log.stream().noneMatch(l -> l.contains("'api/keep.txt'")),
        "keep.txt is in the image; it must not be sent again:\n" + String.join("\n", log));
  }

  private static String contents(String containerId) {
    return cluster.podmanExec(containerId, "sh", "-c", "cat /app/api/app.py /app/api/extra.txt "
        + "/app/api/keep.txt 2>&1; true");
  }

  private static void awaitHolds(String containerId) {
    await().atMost(CONVERGES_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertEquals(EXPECTED, contents(containerId), () -> "container "
            + containerId + " did not get the project's files within "
            + CONVERGES_WITHIN.toSeconds() + " s; mvn output:\n" + mvn.tail(30)));
  }

  private static String awaitNewContainer(String podName, String oldId) {
    try {
      return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.pods("default", "app=" + DEPLOYMENT).stream()
              .filter(pod -> pod.name().equals(podName) && "Running".equals(pod.phase())
                  && !pod.containerIds().isEmpty() && !pod.containerId().equals(oldId))
              .map(PodInfo::containerId).findFirst(), java.util.Optional::isPresent)
          .orElseThrow();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("pod " + podName + " was not restarted with a new container", e);
    }
  }
}
