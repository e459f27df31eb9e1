package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pod networking: every pod has its own IP on podman's bridge, so replicas listen on the same
 * port and the host reaches each at {@code podIP:port}; a restarted container keeps its pod's IP.
 */
@ExtendWith(ClusterExtension.class)
class PodNetworkIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void replicasListenOnTheSamePortEachAtItsOwnIpAndKeepItOverARestart(TestCluster cluster) throws Exception {
    cluster.createDeployment("default", "same-port", 2, Map.of("app", "same-port"), "web", cluster.baseImage(),
        List.of("sh", "-c", "mkdir -p /www && hostname > /www/name && exec httpd -f -p 8080 -h /www"));
    try {
      List<PodInfo> pods = cluster.waitForRunningPods("default", "same-port", 2, TIMEOUT);
      Set<String> ips = pods.stream().map(PodInfo::ip).collect(Collectors.toSet());
      assertEquals(2, ips.size(), pods.toString());
      for (PodInfo pod : pods) {
        assertTrue(pod.ip().matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), pod.toString());
        assertEquals(pod.name() + "\n", awaitBody(pod, "/name"));
      }
      Cli.Result wide = KubectlIT.kubectl(cluster, "get", "pods", "-l", "app=same-port", "-o", "wide", "--no-headers");
      for (PodInfo pod : pods) {
        assertTrue(wide.stdout().matches("(?s).*" + pod.name() + "\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+"
            + pod.ip().replace(".", "\\.") + "\\s.*"), wide.toString());
      }

      PodInfo first = pods.get(0);
      cluster.killContainer(first.containerId());
      PodInfo restarted = cluster.awaitPods("default", "app=same-port", now -> now.stream().anyMatch(p ->
              p.name().equals(first.name()) && p.ready() && !p.containerIds().isEmpty()
                  && !p.containerId().equals(first.containerId())),
          "a new container in " + first.name(), TIMEOUT)
          .stream().filter(p -> p.name().equals(first.name())).findFirst().orElseThrow();
      assertNotEquals(first.containerId(), restarted.containerId());
      assertEquals(first.ip(), restarted.ip());
      assertEquals(first.name() + "\n", awaitBody(restarted, "/name"));
    } finally {
      cluster.deleteDeployment("default", "same-port");
    }
  }

  /** The body of GET {@code path} on the pod's port 8080, retried until the server answers 200. */
  static String awaitBody(PodInfo pod, String path) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pod.uri(8080, path))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return response.body();
        }
        last = "HTTP " + response.statusCode();
      } catch (java.io.IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("GET " + pod.uri(8080, path) + " never answered 200 within " + TIMEOUT + ": " + last);
  }
}
