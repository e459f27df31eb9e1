package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the goal starts and ends: bad configuration fails fast, signals stop it cleanly. */
class DevGoalLifecycleIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("lifecycle");


  private static TestCluster cluster;
  private static Path work;
  private static PodInfo pod;

  @BeforeAll
  static void startCluster() throws Exception {
    work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    Path api = Files.createDirectories(work.resolve("image-api"));
    Files.writeString(api.resolve("app.py"), "print('hello')\n");
    String image = cluster.buildImage("slow", "1", Map.of(api, "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "slow", 1, Map.of("app", "slow"), "main", image,
        List.of());
    pod = cluster.waitForRunningPods("default", "slow", 1, Duration.ofSeconds(60)).get(0);
  }

  @Test
  void badConfigurationFailsAtStartNamingEachElementAndSendsNoRequest() throws Exception {
    Path project = SampleProject.copy("bad-config", work);
    int requestsBefore = cluster.requests().size();

    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
      assertNotEquals(0, mvn.awaitExit(Duration.ofSeconds(60)), "mvn must fail");
      String output = String.join("\n", mvn.lines());
      assertTrue(output.contains("<liveUpdate><target>"), output);
      assertTrue(output.contains("<deployment>") && output.contains("<selector>"), output);
      assertTrue(output.contains("<liveUpdate><runs><run>[1]<command>"), output);
      assertTrue(output.contains("<liveUpdate><runs><run>[2]<triggers>")
          && output.contains("web/package.json"), output);
    }
    assertEquals(requestsBefore, cluster.requests().size(),
        "the API saw requests: " + cluster.requests().subList(requestsBefore,
            cluster.requests().size()));
  }

  @Test
  void refusedExecIsReportedAndTheChangeLandsOnceExecWorksAgain() throws Exception {
    Path project = SampleProject.copy("slow-run", work.resolve("refused"));
    // onStart=none: the shared pod may hold other tests' files, whose deletion at start-up would
    // run the 30 s step first (the order of the tests is not fixed)
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.onStart=none")) {
      mvn.awaitLine("Watching .* for pods -l app=slow", 0, Duration.ofSeconds(60));
      String before = cluster.podmanExec(pod.containerId(), "cat", "/app/api/app.py");
      cluster.api().denyExec(true);
      try {
        Files.writeString(project.resolve("api/app.py"), "print('kept')\n");
        mvn.awaitLine("NOT updated: .*\\(will try again\\)", 0, Duration.ofSeconds(20));
        assertEquals(before, cluster.podmanExec(pod.containerId(), "cat", "/app/api/app.py"));
      } finally {
        cluster.api().denyExec(false);
      }
      await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals("print('kept')\n",
              cluster.podmanExec(pod.containerId(), "cat", "/app/api/app.py"),
              () -> "the refused change was retried without a new edit:\n" + mvn.tail(20)));
    }
  }

  @Test
  void aContainerNameThePodsDoNotHaveFailsAtStartWithTheNamesTheyHave() throws Exception {
    Path project = SampleProject.copy("wrong-container", work);
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
      assertNotEquals(0, mvn.awaitExit(Duration.ofSeconds(60)), mvn.tail(20));
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("has no container 'nope'"
          + " (<target><container>); its containers: main")), mvn.tail(20));
      assertTrue(mvn.lines().stream().noneMatch(l -> l.contains("Watching ")),
          "a permanent mistake is not watched for:\n" + mvn.tail(20));
    }
  }

  @Test
  void boundedByUpdatesEndsByItselfWithSuccessOnceTheUpdateLanded() throws Exception {
    Path project = SampleProject.copy("slow-run", work.resolve("bounded"));
    // onStart=none: the shared pod holds other tests' files, whose deletion at start-up would
    // run the 30 s step first (ConvergenceIT covers the start-up sync).
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.maxUpdates=1",
        "-Dliveupdate.onStart=none")) {
      mvn.awaitLine("Watching .* for pods -l app=slow", 0, Duration.ofSeconds(60));
      Files.writeString(project.resolve("api/bounded.txt"), "one update");

      assertEquals(0, mvn.awaitExit(Duration.ofSeconds(30)), mvn.tail(20));
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("liveupdate:dev (slow-run) ended:"
          + " 1 update, 0 rebuilds, all applied")), mvn.tail(20));
    }
    assertEquals("one update",
        cluster.podmanExec(pod.containerId(), "cat", "/app/api/bounded.txt"));
  }

  @Test
  void boundedByIdleTimeFailsWhenAChangeCouldNotBeApplied() throws Exception {
    Path project = SampleProject.copy("no-pods", work.resolve("idle"));
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.idleTimeout=3",
        "-Dliveupdate.onStart=none")) {
      mvn.awaitLine("Not ready yet: no pod in namespace default matches app=nobody: waiting for"
          + " one", 0, Duration.ofSeconds(60));
      mvn.awaitLine("Watching .* for pods -l app=nobody", 0, Duration.ofSeconds(60));
      Files.writeString(project.resolve("api/app.py"), "print('never lands')\n");

      assertNotEquals(0, mvn.awaitExit(Duration.ofSeconds(30)), mvn.tail(20));
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("1 change still waiting for a"
          + " container")), mvn.tail(20));
    }
  }

  @Test
  void devBoundInAProfileOfAReactorStartsAfterEveryModuleIsBuilt() throws Exception {
    Path project = SampleProject.copy("profile-reactor", work);
    try (MavenProcess mvn = MavenProcess.start(project, "-Pdev", "package",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.maxUpdates=1")) {
      int watching = mvn.awaitLine("Watching .* for pods -l app=slow", 0, Duration.ofSeconds(120));
      List<String> before = mvn.lines().subList(0, watching);
      assertTrue(before.stream().anyMatch(l -> l.contains("liveupdate:dev for api starts once the last module")),
          mvn.tail(40));
      assertTrue(before.stream().anyMatch(l -> l.contains("Building web")), mvn.tail(40));
      assertTrue(Files.isRegularFile(project.resolve("web/target/web-1.0-SNAPSHOT.jar")));
      assertTrue(Files.isRegularFile(project.resolve("api/target/api-1.0-SNAPSHOT.jar")));

      Files.writeString(project.resolve("api/app/app.py"), "print('from the profile')\n");
      assertEquals(0, mvn.awaitExit(Duration.ofSeconds(30)), mvn.tail(30));
    }
    assertEquals("print('from the profile')\n",
        cluster.podmanExec(pod.containerId(), "cat", "/app/api/app.py"));
  }

  @Test
  void devBoundInAProfileOfASingleModuleStartsAfterItsPackage() throws Exception {
    Path project = SampleProject.copy("profile-reactor", work.resolve("single"));
    try (MavenProcess mvn = MavenProcess.start(project.resolve("api"), "-Pdev", "package",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.maxUpdates=1")) {
      int watching = mvn.awaitLine("Watching .* for pods -l app=slow", 0, Duration.ofSeconds(120));
      assertTrue(mvn.lines().subList(0, watching).stream()
          .anyMatch(l -> l.contains("Building jar:") && l.contains("api-1.0-SNAPSHOT.jar")),
          mvn.tail(30));
      Files.writeString(project.resolve("api/app/app.py"), "print('single module')\n");
      assertEquals(0, mvn.awaitExit(Duration.ofSeconds(30)), mvn.tail(30));
    }
    assertEquals("print('single module')\n",
        cluster.podmanExec(pod.containerId(), "cat", "/app/api/app.py"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void signalDuringARunStepEndsTheGoalWithinFiveSecondsAndClosesTheExec(String signal)
      throws Exception {
    Path project = SampleProject.copy("slow-run", work.resolve(signal));
    // The pod is shared: the other signal run left its slow.txt there, which the start-up sync
    // would rightly delete, running the 30 s step before watching. Not the subject here.
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.onStart=none")) {
      mvn.awaitLine("Watching .* for pods -l app=slow", 0, Duration.ofSeconds(60));
      Files.writeString(project.resolve("api/slow.txt"), signal);
      mvn.awaitLine("\\[CMD 1/1\\] sh -c echo working; sleep 30", 0, Duration.ofSeconds(20));
      mvn.awaitLine("working", 0, Duration.ofSeconds(20));
      assertEquals(signal, cluster.podmanExec(pod.containerId(), "cat", "/app/api/slow.txt"));
      assertTrue(cluster.openExecSessions() >= 1, "the run step's exec is open");

      long start = System.nanoTime();
      mvn.signal(signal);
      mvn.awaitExit(Duration.ofSeconds(5));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("liveupdate:dev (slow-run)"
          + " stopped: 0 updates, 0 rebuilds, ")),
          "Ctrl-C prints the session summary:\n" + mvn.tail(20));
    }
    await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertEquals(0,
            cluster.openExecSessions(), "an exec session was left open"));
  }
}
