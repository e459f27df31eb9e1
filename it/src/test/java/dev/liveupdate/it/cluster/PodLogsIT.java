package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.PodLogs;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.util.Config;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pod logs from the containers' real output, through client-java 27 ({@link PodLogs} and the typed
 * {@code readNamespacedPodLog}) and {@code kubectl logs -f}.
 */
@ExtendWith(ClusterExtension.class)
class PodLogsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Prints a fixed start, then a numbered line each time /tmp/next appears. */
  private static final String TALKER = "echo one; printf partial; sleep 0.3; echo ' end'; sleep 0.3; echo two >&2;"
      + " i=0; while true; do if [ -f /tmp/next ]; then rm /tmp/next; i=$((i+1)); echo line $i; fi; sleep 0.1; done";
  private static ApiClient client;
  private static CoreV1Api core;
  private static DoubleClient rest;

  @BeforeAll
  static void deploy(TestCluster cluster) throws Exception {
    for (String name : List.of("talker", "follower", "kubectl-follower")) {
      Manifests.kubectlApply(cluster, String.join("\n",
          "apiVersion: v1",
          "kind: Pod",
          "metadata: {name: " + name + ", labels: {app: " + name + "}}",
          "spec:",
          "  containers:",
          "  - {name: main, image: '" + cluster.baseImage() + "', command: [sh, -c, \"" + TALKER + "\"]}",
          "  - {name: side, image: '" + cluster.baseImage() + "', command: [sh, -c, 'echo side; exec sleep 3600']}",
          ""));
    }
    for (String name : List.of("talker", "follower", "kubectl-follower")) {
      cluster.waitForRunningPods("default", "app=" + name, 1, TIMEOUT);
    }
    client = Config.fromConfig(cluster.kubeconfig().toString());
    core = new CoreV1Api(client);
    rest = new DoubleClient(cluster.api().url(), cluster.api().certificatePem(), cluster.api().token());
    await().atMost(TIMEOUT).until(() -> log("talker", "main").endsWith("two\n"));
  }

  @AfterAll
  static void undeploy(TestCluster cluster) throws Exception {
    KubectlIT.kubectl(cluster, "delete", "pod", "talker", "follower", "kubectl-follower", "--wait=false");
  }

  @Test
  void theLogIsTheContainersOutputWithPartialLinesJoinedAndTheOptionsApplied() throws Exception {
    assertEquals("one\npartial end\ntwo\n", log("talker", "main"));
    assertEquals("side\n", log("talker", "side"));
    assertEquals("two\n", core.readNamespacedPodLog("talker", "default").container("main").tailLines(1).execute());
    assertEquals("one\np", core.readNamespacedPodLog("talker", "default").container("main").limitBytes(5).execute());
    String stamped = core.readNamespacedPodLog("talker", "default").container("main").tailLines(1)
        .timestamps(true).execute();
    assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z two\n"), stamped);
    assertEquals("one\npartial end\ntwo\n", core.readNamespacedPodLog("talker", "default").container("main")
        .sinceSeconds(3600).execute());
    // client-java reads an empty log as null
    await().atMost(TIMEOUT).until(() -> core.readNamespacedPodLog("talker", "default").container("main")
        .sinceSeconds(1).execute() == null);
  }

  @Test
  void kubectlSinceTimeSkipsOlderLines(TestCluster cluster) throws Exception {
    String stamped = core.readNamespacedPodLog("talker", "default").container("main").tailLines(1)
        .timestamps(true).execute();
    OffsetDateTime two = OffsetDateTime.parse(stamped.substring(0, stamped.indexOf(' ')));

    Cli.Result after = KubectlIT.kubectl(cluster, "logs", "talker", "-c", "main", "--since-time="
        + two.plusSeconds(1).withNano(0));
    Cli.Result from = KubectlIT.kubectl(cluster, "logs", "talker", "-c", "main", "--since-time=" + two.withNano(0));

    assertEquals("", after.stdout(), after.toString());
    assertTrue(from.stdout().endsWith("two\n"), from.toString());
  }

  @Test
  void badRequestsAreAnsweredAsTheApiServerDoes() {
    ApiException noContainer = assertThrows(ApiException.class,
        () -> core.readNamespacedPodLog("talker", "default").execute());
    assertEquals(400, noContainer.getCode());
    assertTrue(noContainer.getResponseBody().contains(
        "a container name must be specified for pod talker, choose one of: [main side]"), noContainer.getResponseBody());

    ApiException noPrevious = assertThrows(ApiException.class,
        () -> core.readNamespacedPodLog("talker", "default").container("side").previous(true).execute());
    assertEquals(400, noPrevious.getCode());
    assertTrue(noPrevious.getResponseBody().contains(
        "previous terminated container \\\"side\\\" in pod \\\"talker\\\" not found"), noPrevious.getResponseBody());

    IllegalStateException both = assertThrows(IllegalStateException.class, () -> rest.get(
        "/api/v1/namespaces/default/pods/talker/log?container=main&sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z"));
    assertTrue(both.getMessage().contains("answered 422: PodLogOptions \"talker\" is invalid: <nil>: Forbidden:"
        + " at most one of `sinceTime` or `sinceSeconds` may be specified"), both.getMessage());
  }

  @Test
  void aFollowStreamsNewLinesEndsWhenTheContainerStopsAndThatLogIsThenPrevious(TestCluster cluster)
      throws Exception {
    PodInfo pod = cluster.pods("default", "app=follower").get(0);
    InputStream stream = new PodLogs(client).streamNamespacedPodLog("default", "follower", "main", null, 0, false);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = readLines(stream, lines);

    cluster.podmanExec(pod.containerIds().get("main"), "touch", "/tmp/next");
    assertEquals("line 1", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    cluster.podmanExec(pod.containerIds().get("main"), "touch", "/tmp/next");
    assertEquals("line 2", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    cluster.killContainer(pod.containerIds().get("main"));

    reader.join(TIMEOUT.toMillis());
    assertTrue(!reader.isAlive(), "the follow did not end when its container stopped");
    assertEquals("<end>", lines.poll(1, TimeUnit.SECONDS));
    cluster.awaitPods("default", "app=follower", pods -> pods.size() == 1 && pods.get(0).ready()
        && !pods.get(0).containerIds().get("main").equals(pod.containerIds().get("main")), "a restarted main", TIMEOUT);
    assertEquals("one\npartial end\ntwo\nline 1\nline 2\n", core.readNamespacedPodLog("follower", "default")
        .container("main").previous(true).execute());
    await().atMost(TIMEOUT).until(() -> log("follower", "main").equals("one\npartial end\ntwo\n"));
  }

  @Test
  void kubectlLogsFollowUntilTheContainerStops(TestCluster cluster) throws Exception {
    PodInfo pod = cluster.pods("default", "app=kubectl-follower").get(0);
    Process kubectl = new ProcessBuilder("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString(),
        "logs", "-f", "kubectl-follower", "-c", "main").redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = readLines(kubectl.getInputStream(), lines);
    try {
      assertEquals("one", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertEquals("partial end", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertEquals("two", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      cluster.podmanExec(pod.containerIds().get("main"), "touch", "/tmp/next");
      assertEquals("line 1", lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS));

      cluster.killContainer(pod.containerIds().get("main"));

      assertTrue(kubectl.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), "kubectl logs -f did not end");
      assertEquals(0, kubectl.exitValue());
      reader.join(TIMEOUT.toMillis());
      assertEquals("<end>", lines.poll(1, TimeUnit.SECONDS));
    } finally {
      kubectl.destroyForcibly();
    }
  }

  private static String log(String pod, String container) throws ApiException {
    return core.readNamespacedPodLog(pod, "default").container(container).execute();
  }

  /** Reads lines into {@code lines} on a thread, then {@code <end>} at the end of the stream. */
  private static Thread readLines(InputStream stream, BlockingQueue<String> lines) {
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      } catch (java.io.IOException | java.io.UncheckedIOException closed) {
        lines.add("<error: " + closed + ">");
      }
      lines.add("<end>");
    }, "log-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
