package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that closes its exec WebSocket ends the command's stdin, not the command, as with the
 * real API server and kubelet: an upload that sends its data and closes at once (fabric8's, under
 * {@code v4.channel.k8s.io}, which has no way to close stdin alone) lands whole, and a command
 * runs to its end after its client left. Checked with the JDK's WebSocket client, which closes
 * exactly when told.
 */
@ExtendWith(ClusterExtension.class)
class ExecCloseIT {

  private static final int UPLOAD_BYTES = 8 * 1024 * 1024;
  private static PodInfo pod;

  @BeforeAll
  static void deploy(TestCluster cluster) throws Exception {
    cluster.createDeployment("default", "exec-close", 1, Map.of("app", "exec-close"), "main",
        cluster.baseImage(), List.of("sleep", "3600"));
    pod = cluster.waitForRunningPods("default", "exec-close", 1, Duration.ofSeconds(60)).get(0);
  }

  @AfterAll
  static void undeploy(TestCluster cluster) {
    cluster.deleteDeployment("default", "exec-close");
  }

  @Test
  void anUploadThatClosesRightAfterItsDataLandsWhole(TestCluster cluster) throws Exception {
    // A reader that starts late leaves data in the pipes when the client closes (64 KiB of
    // 8 MiB were lost when the double killed podman exec at the close).
    WebSocket socket = open(cluster, true,
        "sh", "-c", "sleep 2; cat > /tmp/upload; wc -c < /tmp/upload > /tmp/upload.size");
    byte[] chunk = new byte[64 * 1024];
    for (int sent = 0; sent < UPLOAD_BYTES; sent += chunk.length) {
      ByteBuffer frame = ByteBuffer.allocate(chunk.length + 1);
      frame.put((byte) 0).put(chunk).flip();
      socket.sendBinary(frame, true).get(30, TimeUnit.SECONDS);
    }
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals(
            Integer.toString(UPLOAD_BYTES), cluster.podmanExec(pod.containerId(), "sh", "-c",
                "cat /tmp/upload.size 2>/dev/null; true").trim()));
  }

  @Test
  void aCommandRunsToItsEndAfterItsClientLeft(TestCluster cluster) throws Exception {
    cluster.podmanExec(pod.containerId(), "rm", "-f", "/tmp/outlived", "/tmp/started");
    WebSocket socket = open(cluster, false,
        "sh", "-c", "touch /tmp/started; sleep 2; echo done > /tmp/outlived");
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.podmanExec(pod.containerId(),
        "sh", "-c", "test -e /tmp/started && echo yes || echo no").trim().equals("yes"));

    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);

    assertTrue(cluster.awaitNoOpenExecSessions(Duration.ofSeconds(10)),
        "the session ends with its client");
    assertTrue(cluster.runningExecCommands() >= 1, "the command still runs without its client");
    await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> assertEquals("done",
            cluster.podmanExec(pod.containerId(), "sh", "-c", "cat /tmp/outlived 2>/dev/null; true")
                .trim()));
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.runningExecCommands() == 0);
  }

  /** Opens an exec WebSocket under v4, which has no stdin close: only closing the socket ends it. */
  private static WebSocket open(TestCluster cluster, boolean stdin, String... command) {
    HttpClient http = HttpClient.newBuilder()
        .sslContext(DoubleClient.trusting(cluster.api().certificatePem())).build();
    StringBuilder query = new StringBuilder("?container=main&stdout=true&stderr=true&stdin=")
        .append(stdin);
    for (String arg : command) {
      query.append("&command=").append(java.net.URLEncoder.encode(arg,
          java.nio.charset.StandardCharsets.UTF_8));
    }
    URI uri = URI.create(cluster.api().url().toString().replace("https", "wss")
        + "/api/v1/namespaces/default/pods/" + pod.name() + "/exec" + query);
    return http.newWebSocketBuilder()
        .header("Authorization", "Bearer " + cluster.api().token())
        .subprotocols("v4.channel.k8s.io")
        .buildAsync(uri, new WebSocket.Listener() { })
        .orTimeout(30, TimeUnit.SECONDS)
        .join();
  }
}
