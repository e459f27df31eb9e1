package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exec requests the double refuses before any upgrade, answered with a Status like the API
 * server's. Checked with the JDK's WebSocket client: client-java 27 does not report a refused
 * upgrade to its caller (its stream handler throws a NullPointerException on the OkHttp thread).
 */
@ExtendWith(ClusterExtension.class)
class ExecErrorsIT {
  private static String twoContainerPod;

  @BeforeAll
  static void deploy(TestCluster cluster) throws Exception {
    String pod = String.join("\n",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: two-containers, labels: {app: two-containers}}",
        "spec:",
        "  containers:",
        "  - {name: first, image: '" + cluster.baseImage() + "', command: [sleep, '3600']}",
        "  - {name: second, image: '" + cluster.baseImage() + "', command: [sleep, '3600']}",
        "");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("pod", ".yaml");
    java.nio.file.Files.writeString(file, pod);
    Cli.Result apply = KubectlIT.kubectl(cluster, "apply", "-f", file.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
    java.nio.file.Files.delete(file);
    twoContainerPod = cluster.waitForRunningPods("default", "app=two-containers", 1, Duration.ofSeconds(60)).get(0).name();
  }

  @AfterAll
  static void undeploy(TestCluster cluster) throws Exception {
    KubectlIT.kubectl(cluster, "delete", "pod", "two-containers", "--wait=false");
  }

  @Test
  void unknownPodIs404(TestCluster cluster) {
    Refusal refusal = refuse(cluster, "no-such-pod", "");

    assertEquals(404, refusal.code);
    assertTrue(refusal.body.contains("\"message\":\"pods \\\"no-such-pod\\\" not found\",\"reason\":\"NotFound\""), refusal.body);
  }

  @Test
  void deniedExecIs403(TestCluster cluster) {
    cluster.api().denyExec(true);
    try {
      Refusal refusal = refuse(cluster, twoContainerPod, "&container=first");

      assertEquals(403, refusal.code);
      assertTrue(refusal.body.contains("\"reason\":\"Forbidden\""), refusal.body);
    } finally {
      cluster.api().denyExec(false);
    }
  }

  @Test
  void podWithTwoContainersNeedsAContainerName(TestCluster cluster) {
    Refusal refusal = refuse(cluster, twoContainerPod, "");

    assertEquals(400, refusal.code);
    assertTrue(refusal.body.contains("a container name must be specified for pod two-containers, choose one of:"
        + " [first second]"), refusal.body);
  }

  @Test
  void unknownContainerIs400(TestCluster cluster) {
    Refusal refusal = refuse(cluster, twoContainerPod, "&container=third");

    assertEquals(400, refusal.code);
    assertTrue(refusal.body.contains("container third is not valid for pod two-containers"), refusal.body);
    assertTrue(cluster.requests().stream().anyMatch(r -> r.isExec() && r.query().contains("container=third")));
  }

  private record Refusal(int code, String body) {}

  private static Refusal refuse(TestCluster cluster, String pod, String extraQuery) {
    HttpClient http = HttpClient.newBuilder().sslContext(DoubleClient.trusting(cluster.api().certificatePem())).build();
    URI uri = URI.create(cluster.api().url().toString().replace("https", "wss")
        + "/api/v1/namespaces/default/pods/" + pod + "/exec?command=true&stdout=true" + extraQuery);
    try {
      WebSocket socket = http.newWebSocketBuilder()
          .header("Authorization", "Bearer " + cluster.api().token())
          .subprotocols("v5.channel.k8s.io", "v4.channel.k8s.io")
          .buildAsync(uri, new WebSocket.Listener() { })
          .orTimeout(30, TimeUnit.SECONDS)
          .join();
      socket.abort();
      throw new AssertionError("the upgrade to exec in " + pod + " was accepted");
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return new Refusal(refused.getResponse().statusCode(), String.valueOf(refused.getResponse().body()));
      }
      throw e;
    }
  }
}
