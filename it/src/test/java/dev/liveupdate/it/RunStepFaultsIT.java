package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, items 4 and 5: run steps that misbehave leave the loop working. A step printing 50 MB
 * on one line, in a Maven JVM of 256 MiB, is cut and says so; a step that outlives
 * {@code liveupdate.runTimeout} is reported once, its processes in the container are ended, and it
 * runs again only when a file that triggers it changes again. A {@code runTimeout} of 0 is refused
 * before anything is asked of the cluster.
 */
class RunStepFaultsIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("faults-run-steps");

  /**
   * Lists the live (not zombie) processes of the step, its {@code sh} and {@code sleep 417}; the
   * number is computed so that this script's own command line does not hold it.
   */
  private static final String STEP_PROCESSES = "n=$((400 + 17)); for p in /proc/[0-9]*; do "
      + "case \"$(cat $p/cmdline 2>/dev/null)\" in *\"$n\"*) "
      + "grep -q '^State:.*Z' $p/status 2>/dev/null || echo \"${p#/proc/}\";; esac; done";

  private static TestCluster cluster;

  @BeforeAll
  static void deploy() throws Exception {
    cluster = CLUSTER.cluster();
    Path api = Files.createDirectories(CLUSTER.work().resolve("image-api"));
    Files.writeString(api.resolve("app.py"), "print('v1')\n");
    String image = cluster.buildImage("fault-run", "1", Map.of(api, "/app/api"),
        List.of("sleep", "86400"));
    for (String deployment : List.of("fault-huge-output", "fault-run-timeout")) {
      cluster.createDeployment("default", deployment, 1, Map.of("app", deployment), "main",
          image, List.of());
      cluster.waitForRunningPods("default", deployment, 1, Duration.ofSeconds(60));
    }
  }

  @Test
  void fiftyMegabytesOnOneLineAreCutAndTheLoopKeepsWorking() throws Exception {
    Path project = SampleProject.copy("faults/huge-output", CLUSTER.work());
    String container = containerOf("fault-huge-output");
    try (MavenProcess mvn = MavenProcess.startDev(project, cluster.kubeconfig(),
        "deployment/fault-huge-output")) {
      Files.writeString(project.resolve("api/noisy.txt"), "go\n");
      int cut = mvn.awaitLine("cut", 0, Duration.ofSeconds(120));
      mvn.awaitLine("\\]   printed$", cut, Duration.ofSeconds(60));
      assertTrue(mvn.lines().stream().allMatch(l -> l.length() < 100_000),
          "a line of the log is longer than 100,000 characters");

      Files.writeString(project.resolve("api/app.py"), "print('after the noise')\n");
      await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals(
              "print('after the noise')\n", cluster.podmanExec(container, "cat",
                  "/app/api/app.py"), () -> "the next edit did not land:\n" + mvn.tail(30)));
      assertTrue(mvn.isAlive(), mvn.tail(30));
      assertTrue(mvn.lines().stream().noneMatch(l -> l.contains("OutOfMemoryError")),
          mvn.tail(30));
    }
  }

  @Test
  void aTimedOutStepIsReportedOnceEndedInTheContainerAndRunAgainOnlyWhenTriggered()
      throws Exception {
    Path project = SampleProject.copy("faults/run-timeout", CLUSTER.work());
    String container = containerOf("fault-run-timeout");
    try (MavenProcess mvn = MavenProcess.startDev(project, cluster.kubeconfig(),
        "deployment/fault-run-timeout", "-Dliveupdate.runTimeout=3")) {
      Files.writeString(project.resolve("api/slow.txt"), "1\n");
      int timedOut = mvn.awaitLine("did not finish within 3 s", 0, Duration.ofSeconds(60));
      awaitNoStepProcess(container, mvn);

      // a change that triggers no step: it lands, and the timed-out step is not run with it
      Files.writeString(project.resolve("api/app.py"), "print('v2')\n");
      await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals("print('v2')\n",
              cluster.podmanExec(container, "cat", "/app/api/app.py"), () -> mvn.tail(30)));
      int landed = mvn.awaitLine("updated in", timedOut, Duration.ofSeconds(30));
      assertEquals(1, count(mvn, "did not finish within"), "reported once:\n" + mvn.tail(30));
      assertEquals(1, count(mvn, "]   started"), "run once:\n" + mvn.tail(30));

      Files.writeString(project.resolve("api/slow.txt"), "2\n");
      mvn.awaitLine("did not finish within 3 s", landed, Duration.ofSeconds(60));
      awaitNoStepProcess(container, mvn);
      assertEquals(2, count(mvn, "]   started"), "run again by its trigger:\n" + mvn.tail(30));
    }
  }

  @Test
  void aRunTimeoutOfZeroIsRefusedNamingTheProperty() throws Exception {
    Path project = SampleProject.copy("faults/run-timeout", CLUSTER.work().resolve("zero"));
    int requests = cluster.requests().size();
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.runTimeout=0")) {
      assertNotEquals(0, mvn.awaitExit(Duration.ofSeconds(60)), "mvn must fail");
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("liveupdate.runTimeout")
          && l.contains("got 0")), mvn.tail(20));
    }
    assertEquals(requests, cluster.requests().size(), "the cluster was asked something");
  }

  private static void awaitNoStepProcess(String container, MavenProcess mvn) {
    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertEquals("",
            cluster.podmanExec(container, "sh", "-c", STEP_PROCESSES),
            () -> "the timed-out step still runs in the container:\n" + mvn.tail(20)));
  }

  private static long count(MavenProcess mvn, String text) {
    return mvn.lines().stream().filter(l -> l.contains(text)).count();
  }

  private static String containerOf(String deployment) {
    return cluster.pods("default", "app=" + deployment).get(0).containerId();
  }
}
