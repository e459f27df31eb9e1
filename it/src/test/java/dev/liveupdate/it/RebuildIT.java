package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fallback under a real {@code mvn liveupdate:dev}: jib-core builds and pushes to the real
 * registry, the Deployment is rolled out to the image by digest, the new pods run the new content,
 * and live updates reach them afterwards. Checked in the registry, through kubectl, and inside the
 * containers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("rebuild");


  private static final Duration REBUILT_WITHIN = Duration.ofSeconds(90);

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;

  @BeforeAll
  static void startDevSession() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("rebuild", work,
        Map.of("base.image", cluster.baseImage(), "registry", cluster.registry()));
    String image = cluster.buildImage("rebuild-app", "1", Map.of(project.resolve("api"), "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "rebuild", 2, Map.of("app", "rebuild"), "main", image,
        List.of());
    cluster.waitForRunningPods("default", "rebuild", 2, Duration.ofSeconds(60));
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/rebuild");
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(1)
  void fallBackOnChangeRollsOutANewImageByDigestAndLaterEditsReachItsPods() throws Exception {
    Set<String> oldPods = podNames();
    int from = mvn.lineCount();
    Files.writeString(project.resolve("api/app.py"), "print('v2')\n");
    Path pom = project.resolve("pom.xml");
    Files.writeString(pom, Files.readString(pom, StandardCharsets.UTF_8)
        + "<!-- touched -->\n", StandardCharsets.UTF_8);

    mvn.awaitLine("Rebuilding the image: pom.xml matches <fallBackOn> 'pom.xml'", from,
        REBUILT_WITHIN);
    int rolled = mvn.awaitLine("→ rolled out " + cluster.registry() + "/rebuild-app@sha256:",
        from, REBUILT_WITHIN);
    String image = kubectl("get", "deployment", "rebuild", "-o",
        "jsonpath={.spec.template.spec.containers[0].image}").trim();
    assertTrue(image.startsWith(cluster.registry() + "/rebuild-app@sha256:"), image);
    assertTrue(mvn.lines().get(rolled).contains(image), mvn.lines().get(rolled));
    assertEquals(image.substring(image.indexOf('@') + 1),
        cluster.digestOf(cluster.registry() + "/rebuild-app:liveupdate"),
        "the tag pushed with it names the same digest in the registry");

    List<PodInfo> pods = cluster.waitForRunningPods("default", "rebuild", 2,
        Duration.ofSeconds(60));
    for (PodInfo pod : pods) {
      assertTrue(!oldPods.contains(pod.name()), "a new pod: " + pod.name());
      assertEquals("print('v2')\n", cluster.podmanExec(pod.containerId(), "cat",
          "/app/api/app.py"), "the new image holds the edit made before the rebuild");
    }

    Files.writeString(project.resolve("api/app.py"), "print('v3')\n");
    for (PodInfo pod : pods) {
      awaitContent(pod, "/app/api/app.py", "print('v3')\n");
    }
  }

  @Test
  @Order(2)
  void changeMatchingNoSyncRebuildsAndSaysWhy() throws Exception {
    int from = mvn.lineCount();
    Files.createDirectories(project.resolve("extra"));
    Files.writeString(project.resolve("extra/notes.txt"), "not synced\n");

    mvn.awaitLine("Rebuilding the image: extra/notes.txt matches no <sync>", from, REBUILT_WITHIN);
    mvn.awaitLine("deployment \"rebuild\" successfully rolled out", from, REBUILT_WITHIN);
    mvn.awaitLine("→ rolled out ", from, REBUILT_WITHIN);
    assertTrue(mvn.isAlive());
  }

  private static Set<String> podNames() {
    return cluster.pods("default", "app=rebuild").stream().map(PodInfo::name)
        .collect(Collectors.toSet());
  }

  private static void awaitContent(PodInfo pod, String path, String expected) {
    await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals(expected,
            cluster.podmanExec(pod.containerId(), "sh", "-c", "cat \"$1\" 2>/dev/null || true",
                "sh", path), () -> pod.name() + ":" + path + "\n" + mvn.tail(30)));
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig",
        cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return out;
  }
}
