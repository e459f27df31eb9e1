package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rebuilds that fail under a real {@code mvn liveupdate:dev}: the registry is down, or the new
 * image crash-loops. Each failure is reported in one {@code Rebuild failed:} line that says what
 * went wrong, the session keeps live-updating the pods that still run, and once the fault is gone
 * the next rebuild rolls out. Checked through kubectl, in the registry and inside the containers.
 * Each test starts and ends with the Deployment healthy.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildFailuresIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("rebuild-failures");


  private static final String DEPLOYMENT = "rebuild-failures";
  private static final Duration WITHIN = Duration.ofSeconds(40);
  /** The image's {@code <cmd>} runs this script, from a layer no sync covers. */
  private static final String START = "boot/start.sh";
  private static final String WORKING_START = "exec sleep 86400\n";

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;
  private static String repository;

  @BeforeAll
  static void startDevSession() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy(DEPLOYMENT, work,
        Map.of("base.image", cluster.baseImage(), "registry", cluster.registry()));
    repository = cluster.registry() + "/rebuild-failures-app";
    String image = cluster.buildImage("rebuild-failures-app", "1",
        Map.of(project.resolve("api"), "/app/api", project.resolve("boot"), "/app/boot"),
        List.of("sh", "/app/boot/start.sh"));
    cluster.createDeployment("default", DEPLOYMENT, 2, Map.of("app", DEPLOYMENT), "main", image,
        List.of());
    cluster.waitForRunningPods("default", DEPLOYMENT, 2, Duration.ofSeconds(60));
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(1)
  void registryDownFailsTheRebuildClearlyLiveUpdatesGoOnAndTheRebuildWorksOnceItIsBack()
      throws Exception {
    List<PodInfo> running = cluster.waitForRunningPods("default", DEPLOYMENT, 2, WITHIN);
    String imageBefore = deploymentImage();

    cluster.stopRegistry();
    boolean registryUp = false;
    try {
      int from = mvn.lineCount();
      Files.writeString(project.resolve("api/app.py"), "print('v2')\n");
      touchPom();
      int failed = mvn.awaitLine("Rebuild failed: ", from, WITHIN);
      String line = mvn.lines().get(failed);
      assertTrue(line.contains("connection refused by " + cluster.registry()), line);
      assertTrue(mvn.isAlive(), "mvn liveupdate:dev still runs");

      // the loop is alive: a later edit is live-updated into the pods that still run
      Files.writeString(project.resolve("api/app.py"), "print('v3')\n");
      for (PodInfo pod : running) {
        awaitContent(pod, "/app/api/app.py", "print('v3')\n");
      }
      assertEquals(imageBefore, deploymentImage(), "nothing was rolled out");
      assertEquals(names(running), names(cluster.pods("default", "app=" + DEPLOYMENT)),
          "the same pods run");

      cluster.startRegistry();
      registryUp = true;
      from = mvn.lineCount();
      Files.writeString(project.resolve("api/app.py"), "print('v4')\n");
      touchPom();
      String image = awaitRolledOut(from);
      assertNotEquals(imageBefore, image);
      List<PodInfo> rolled = cluster.waitForRunningPods("default", DEPLOYMENT, 2, WITHIN);
      for (PodInfo pod : rolled) {
        assertTrue(!names(running).contains(pod.name()), "a new pod: " + pod.name());
        assertEquals(image, podImage(pod));
        assertEquals("print('v4')\n", cluster.podmanExec(pod.containerId(), "cat",
            "/app/api/app.py"), pod.name() + " runs the image built after the registry came back");
      }
    } finally {
      if (!registryUp) {
        cluster.startRegistry();
      }
    }
  }

  @Test
  @Order(2)
  void crashLoopingImageFailsTheRolloutClearlyLiveUpdatesGoOnAndAWorkingCmdRollsOut()
      throws Exception {
    List<PodInfo> healthy = cluster.waitForRunningPods("default", DEPLOYMENT, 2, WITHIN);
    String healthyImage = deploymentImage();

    int from = mvn.lineCount();
    Files.writeString(project.resolve(START), "exit 1\n");
    mvn.awaitLine("Rebuilding the image: " + START + " matches no <sync>", from, WITHIN);
    int failed = mvn.awaitLine("Rebuild failed: rollout of deployment " + DEPLOYMENT
        + " failed: pod \\S+ container main is CrashLoopBackOff", from, WITHIN);
    Matcher pod = Pattern.compile("failed: pod (\\S+) ").matcher(mvn.lines().get(failed));
    assertTrue(pod.find());
    String crashing = pod.group(1);
    String crashImage = deploymentImage();
    assertTrue(crashImage.startsWith(repository + "@sha256:"), crashImage);
    assertNotEquals(healthyImage, crashImage, "the Deployment was rolled to the new image");
    assertEquals(crashImage, kubectl("get", "pod", crashing, "-o",
        "jsonpath={.spec.containers[0].image}"));
    awaitKubectl(() -> kubectl("get", "pod", crashing, "-o",
        "jsonpath={.status.containerStatuses[0].state.waiting.reason}"), "CrashLoopBackOff");
    assertTrue(Integer.parseInt(kubectl("get", "pod", crashing, "-o",
        "jsonpath={.status.containerStatuses[0].restartCount}")) >= 1);
    assertEquals("1", kubectl("get", "pod", crashing, "-o",
        "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}"));
    assertTrue(mvn.isAlive(), "mvn liveupdate:dev still runs");

    // the old pods still run, and still receive live updates
    Files.writeString(project.resolve("api/app.py"), "print('v5')\n");
    for (PodInfo old : healthy) {
      awaitContent(old, "/app/api/app.py", "print('v5')\n");
    }

    from = mvn.lineCount();
    Files.writeString(project.resolve(START), WORKING_START);
    String image = awaitRolledOut(from);
    assertNotEquals(crashImage, image);
    List<PodInfo> rolled = cluster.waitForRunningPods("default", DEPLOYMENT, 2, WITHIN);
    // the crash-looping pods and the old ones are gone: only the new ones are left
    awaitKubectl(() -> List.of(kubectl("get", "pods", "-l", "app=" + DEPLOYMENT, "-o",
        "jsonpath={.items[*].metadata.name}").split(" ")).stream().sorted()
        .collect(Collectors.joining(" ")),
        rolled.stream().map(PodInfo::name).sorted().collect(Collectors.joining(" ")));
    for (PodInfo p : rolled) {
      assertTrue(!names(healthy).contains(p.name()) && !p.name().equals(crashing),
          "a new pod: " + p.name());
      assertEquals(image, podImage(p));
      assertEquals(WORKING_START, cluster.podmanExec(p.containerId(), "cat", "/app/boot/start.sh"));
      assertEquals("print('v5')\n", cluster.podmanExec(p.containerId(), "cat", "/app/api/app.py"));
      assertEquals("0", kubectl("get", "pod", p.name(), "-o",
          "jsonpath={.status.containerStatuses[0].restartCount}"), p.name() + " does not crash");
    }
  }

  /** Waits for the rollout line of a rebuild; checks the Deployment and the registry agree on it. */
  private static String awaitRolledOut(int from) throws Exception {
    int rolled = mvn.awaitLine("→ rolled out " + Pattern.quote(repository) + "@sha256:", from,
        WITHIN);
    String image = deploymentImage();
    assertTrue(image.startsWith(repository + "@sha256:"), image);
    assertTrue(mvn.lines().get(rolled).contains(image), mvn.lines().get(rolled));
    assertEquals(image.substring(image.indexOf('@') + 1),
        cluster.digestOf(repository + ":liveupdate"), "the registry holds the image rolled out");
    return image;
  }

  private static String deploymentImage() throws Exception {
    return kubectl("get", "deployment", DEPLOYMENT, "-o",
        "jsonpath={.spec.template.spec.containers[0].image}");
  }

  private static String podImage(PodInfo pod) throws Exception {
    return kubectl("get", "pod", pod.name(), "-o", "jsonpath={.spec.containers[0].image}");
  }

  private static void touchPom() throws Exception {
    Path pom = project.resolve("pom.xml");
    Files.writeString(pom, Files.readString(pom, StandardCharsets.UTF_8) + "<!-- touched -->\n",
        StandardCharsets.UTF_8);
  }

  private static Set<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).collect(Collectors.toSet());
  }

  private static void awaitContent(PodInfo pod, String path, String expected) {
    await().atMost(WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertEquals(expected, cluster.podmanExec(pod.containerId(), "sh",
            "-c", "cat \"$1\" 2>/dev/null || true", "sh", path),
            () -> pod.name() + ":" + path + "\n" + mvn.tail(30)));
  }

  private static void awaitKubectl(Supplier<String> query, String expected) {
    await().atMost(WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertEquals(expected, query.get()));
  }

  private static String kubectl(String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig",
        cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.waitFor(), String.join(" ", command) + "\n" + out);
      return out.trim();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
