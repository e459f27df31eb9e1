package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dev loop's console under a real {@code mvn liveupdate:dev}: the app's log lines arrive
 * prefixed with their pod, across a container restart and a replaced pod, none twice; a
 * {@code <portForwards>} entry serves the app on localhost before and after an edit and after its
 * pod is deleted; a local port in use ends the start-up naming it; each update has one summary line
 * naming its stages; in manual trigger mode an edit waits, listed as pending, until Enter is
 * written to mvn's standard input. Results are read inside the container with podman exec and
 * through the forwarded port.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevConsoleIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("console");

  private static final Duration WITHIN = Duration.ofSeconds(30);
  private static final Pattern TICK = Pattern.compile(
      "^\\[INFO\\] (console-app\\S*) +\\| tick (\\S+) from (\\S+)$");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;
  private static int localPort;

  @BeforeAll
  static void startDevSession() throws Exception {
    cluster = CLUSTER.cluster();
    localPort = freePort();
    project = SampleProject.copy("console", CLUSTER.work(),
        Map.of("localPort", Integer.toString(localPort)));
    String image = cluster.buildImage("console-app", "1", Map.of(project.resolve("web"), "/www"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "console-app", 1, Map.of("app", "console-app"), "web",
        image, List.of("sh", "-c", "httpd -p 8080 -h /www; b=$(cat /proc/sys/kernel/random/uuid"
            + " | cut -c1-8); i=0; while true; do i=$((i+1)); echo \"tick $b-$i from"
            + " $(hostname)\"; sleep 1; done"));
    cluster.waitForRunningPods("default", "console-app", 1, Duration.ofSeconds(60));
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/console-app");
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(1)
  void thePortForwardIsAnnouncedAndServesTheApp() throws Exception {
    PodInfo pod = onlyPod();
    mvn.awaitLine("Forwarding http://localhost:" + localPort + " -> pod/" + pod.name() + ":8080",
        0, WITHIN);
    awaitPage("v1\n");
  }

  @Test
  @Order(2)
  void theAppsLogLinesArrivePrefixedWithTheirPod() throws Exception {
    PodInfo pod = onlyPod();
    int from = mvn.lineCount();
    for (int i = 0; i < 3; i++) { // three lines that came after the start, in a column
      from = mvn.awaitLine(line -> {
        Matcher m = TICK.matcher(line);
        return m.matches() && m.group(3).equals(pod.name());
      }, from, WITHIN, "a tick line of " + pod.name()) + 1;
    }
  }

  @Test
  @Order(3)
  void anEditIsSummedUpInOneLineAndServedThroughTheForward() throws Exception {
    int from = mvn.lineCount();
    Files.writeString(project.resolve("web/index.html"), "v2\n");
    int summary = mvn.awaitLine("Summary: 1 change: web/index.html \\| live update \\| ok \\| "
        + "detect \\d+ ms, plan \\d+ ms, copy \\d+ ms", from, WITHIN);
    assertEquals(1, mvn.lines().subList(from, summary + 1).stream()
        .filter(l -> l.contains("Summary:")).count(), mvn.tail(20));
    assertEquals("v2\n", cluster.podmanExec(onlyPod().containerId(), "cat", "/www/index.html"));
    awaitPage("v2\n");
  }

  @Test
  @Order(4)
  void aRestartedContainerAndAReplacedPodKeepTheirLogsFlowingWithNoLineTwice() throws Exception {
    PodInfo first = onlyPod();
    String firstBoot = bootOf(first, 0);
    cluster.killContainer(first.containerId()); // restarted in place: a new boot, same pod
    mvn.awaitLine(line -> {
      Matcher m = TICK.matcher(line);
      return m.matches() && m.group(3).equals(first.name())
          && !m.group(2).startsWith(firstBoot + "-");
    }, 0, Duration.ofSeconds(60), "a tick of the restarted container of " + first.name());

    cluster.objects().delete("pods", "default", first.name());
    PodInfo second = cluster.awaitPods("default", "console-app",
        pods -> pods.stream().anyMatch(p -> !p.name().equals(first.name()) && p.ready()),
        "a Ready pod replacing " + first.name(), Duration.ofSeconds(60)).stream()
        .filter(p -> !p.name().equals(first.name())).findFirst().orElseThrow();
    mvn.awaitLine(line -> {
      Matcher m = TICK.matcher(line);
      return m.matches() && m.group(3).equals(second.name());
    }, 0, Duration.ofSeconds(60), "a tick line of the new pod " + second.name());

    List<String> ticks = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (String line : mvn.lines()) {
      Matcher m = TICK.matcher(line);
      if (m.matches()) {
        ticks.add(m.group(2));
        if (!seen.add(m.group(2) + " " + m.group(3))) {
          twice.add(line);
        }
      }
    }
    assertTrue(twice.isEmpty(), "log lines printed twice: " + twice + "\n" + mvn.tail(40));
    assertTrue(ticks.size() >= 5, ticks.toString());
  }

  @Test
  @Order(5)
  void theForwardMovesToTheNewPodAndServesItsCaughtUpFiles() throws Exception {
    PodInfo pod = onlyPod();
    mvn.awaitLine("Forwarding http://localhost:" + localPort + " -> pod/" + pod.name()
        + ":8080 \\(the pod it forwarded to went away\\)", 0, WITHIN);
    awaitPage("v2\n"); // the new pod caught up with the session's edit
  }

  @Test
  @Order(6)
  void aLocalPortInUseEndsTheStartUpNamingItAndTheElement() throws Exception {
    mvn.close();
    mvn = null;
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
      try (MavenProcess refused = MavenProcess.start(project, "liveupdate:dev",
          "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
        int exit = refused.awaitExit(Duration.ofSeconds(90));
        assertNotEquals(0, exit, refused.tail(30));
        refused.awaitLine("<liveUpdate><portForwards><portForward>\\[1\\] " + localPort
            + ":8080: local port " + localPort + " on 127.0.0.1 is in use", 0, WITHIN);
      }
    }
  }

  @Test
  @Order(7)
  void inManualModeAnEditWaitsUntilEnter() throws Exception {
    try (MavenProcess manual = MavenProcess.startDev(project, cluster.kubeconfig(),
        "deployment/console-app", "-Dliveupdate.trigger=manual", "-Dliveupdate.logs=false")) {
      PodInfo pod = onlyPod();
      int from = manual.lineCount();
      Files.writeString(project.resolve("web/index.html"), "v3\n");
      manual.awaitLine("Pending: 1 change \\(manual trigger; press Enter to apply\\): "
          + "web/index.html", from, WITHIN);
      // still the old page a while after it was listed: nothing was sent
      long listedAt = System.nanoTime();
      while (System.nanoTime() - listedAt < Duration.ofSeconds(2).toNanos()) {
        assertEquals("v2\n", cluster.podmanExec(pod.containerId(), "cat", "/www/index.html"));
      }
      assertTrue(manual.lines().stream().noneMatch(l -> l.contains("Summary:")), manual.tail(20));
      assertTrue(manual.lines().stream().noneMatch(TICK.asPredicate()), "logs=false: "
          + manual.tail(20));

      manual.type("\n");
      manual.awaitLine("Summary: 1 change: web/index.html \\| live update \\| ok", from, WITHIN);
      assertEquals("v3\n", cluster.podmanExec(pod.containerId(), "cat", "/www/index.html"));
    }
  }

  private static PodInfo onlyPod() {
    List<PodInfo> pods = cluster.waitForRunningPods("default", "console-app", 1,
        Duration.ofSeconds(60));
    return pods.get(0);
  }

  /** The boot of the latest tick line of {@code pod} at or after line {@code from}. */
  private static String bootOf(PodInfo pod, int from) throws InterruptedException {
    int index = mvn.awaitLine(line -> {
      Matcher m = TICK.matcher(line);
      return m.matches() && m.group(3).equals(pod.name());
    }, from, WITHIN, "a tick line of " + pod.name());
    Matcher m = TICK.matcher(mvn.lines().get(index));
    assertTrue(m.matches());
    return m.group(2).substring(0, m.group(2).indexOf('-'));
  }

  private static void awaitPage(String expected) throws InterruptedException {
    String[] last = {""};
    try {
      Http.until(() -> {
        last[0] = page();
        return expected.equals(last[0]);
      }, "page " + expected.trim(), WITHIN);
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last answer: " + last[0] + "\nmvn output:\n"
          + (mvn == null ? "" : mvn.tail(40)), e);
    }
  }

  private static String page() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + localPort + "/index.html"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body()
          : "HTTP " + response.statusCode() + ": " + response.body();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
