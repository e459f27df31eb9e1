package dev.liveupdate.it;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code mvn liveupdate:dev} at the root of a reactor: the root (no {@code <liveUpdate>}) stays
 * out, both modules run in one loop with their lines prefixed by their name, an edit in each lands
 * in its own workload (read inside the containers), and one SIGINT stops both.
 */
class ReactorDevIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("reactor");

  private static final Duration WITHIN = Duration.ofSeconds(30);

  @Test
  void oneLoopRunsEveryModuleWithItsPrefixAndOneCtrlCStopsAll() throws Exception {
    TestCluster cluster = CLUSTER.cluster();
    Path project = SampleProject.copy("reactor", CLUSTER.work());
    for (String module : List.of("front", "back")) {
      String image = cluster.buildImage(module, "1",
          Map.of(project.resolve(module).resolve("web"), "/www"), List.of("sleep", "86400"));
      cluster.createDeployment("default", module, 1, Map.of("app", module), "web", image,
          List.of());
    }
    PodInfo front = cluster.waitForRunningPods("default", "front", 1, Duration.ofSeconds(60))
        .get(0);
    PodInfo back = cluster.waitForRunningPods("default", "back", 1, Duration.ofSeconds(60))
        .get(0);

    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
      mvn.awaitLine("reactor has no <liveUpdate>: not part of the dev loop", 0,
          Duration.ofSeconds(120));
      mvn.awaitLine("^\\[INFO\\] \\[front\\] Watching 1 path for deployment/front", 0,
          Duration.ofSeconds(90));
      mvn.awaitLine("^\\[INFO\\] \\[back\\] Watching 1 path for deployment/back", 0,
          Duration.ofSeconds(90));

      int from = mvn.lineCount();
      Files.writeString(project.resolve("front/web/index.html"), "front v2\n");
      Files.writeString(project.resolve("back/web/index.html"), "back v2\n");
      mvn.awaitLine("^\\[INFO\\] \\[front\\] Summary: 1 change: web/index.html", from, WITHIN);
      mvn.awaitLine("^\\[INFO\\] \\[back\\] Summary: 1 change: web/index.html", from, WITHIN);
      assertEquals("front v2\n", cluster.podmanExec(front.containerId(), "cat",
          "/www/index.html"));
      assertEquals("back v2\n", cluster.podmanExec(back.containerId(), "cat", "/www/index.html"));

      mvn.signal("INT");
      mvn.awaitExit(Duration.ofSeconds(15));
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("[front] liveupdate:dev (front)"
          + " stopped")), mvn.tail(30));
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("[back] liveupdate:dev (back)"
          + " stopped")), mvn.tail(30));
    }
  }
}
