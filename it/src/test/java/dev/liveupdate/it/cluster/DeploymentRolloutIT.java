package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Images built into the registry, a rollout by strategic merge patch, scaling, and the watch stream. */
@ExtendWith(ClusterExtension.class)
class DeploymentRolloutIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";

  @Test
  void builtImageKeepsModesAndRunsItsCmdAndAPatchRollsItOut(TestCluster cluster, @TempDir Path dir) throws Exception {
    Path app = Files.createDirectories(dir.resolve("app"));
    Files.writeString(app.resolve("run.sh"), "#!/bin/sh\necho started > /tmp/started\nexec sleep 3600\n");
    Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.writeString(app.resolve("data.txt"), "v1\n");
    String v1 = cluster.buildImage("rollout/app", "v1", Map.of(app, "/app"), List.of("/app/run.sh"));
    Files.writeString(app.resolve("data.txt"), "v2\n");
    String v2 = cluster.buildImage("rollout/app", "v2", Map.of(app, "/app"), List.of("/app/run.sh"));
    assertTrue(v1.startsWith(cluster.registry() + "/rollout/app:"), v1);

    cluster.createDeployment("default", "rollout", 1, Map.of("app", "rollout"), "main", v1, List.of());
    PodInfo first = cluster.waitForRunningPods("default", "rollout", 1, TIMEOUT).get(0);
    assertEquals("750\n", cluster.podmanExec(first.containerId(), "stat", "-c", "%a", "/app/run.sh"));
    assertEquals("v1\n", cluster.podmanExec(first.containerId(), "cat", "/app/data.txt"));
    assertEquals("started\n", awaitFile(cluster, first.containerId(), "/tmp/started"));

    DoubleClient rest = client(cluster);
    ObjectNode patch = Json.object();
    String v2ByDigest = cluster.registry() + "/rollout/app@" + cluster.digestOf(v2);
    patch.putObject("spec").putObject("template").putObject("spec").putArray("containers")
        .addObject().put("name", "main").put("image", v2ByDigest);
    rest.patch(DEPLOYMENTS + "/rollout", "application/strategic-merge-patch+json", patch);

    PodInfo second = cluster.waitForRunningPods("default", "rollout", 1, TIMEOUT).get(0);
    assertTrue(!second.name().equals(first.name()) && !second.labels().get("pod-template-hash")
        .equals(first.labels().get("pod-template-hash")), first + " / " + second);
    assertEquals("v2\n", cluster.podmanExec(second.containerId(), "cat", "/app/data.txt"));
    JsonNode secondPod = rest.get("/api/v1/namespaces/default/pods/" + second.name());
    assertEquals(v2ByDigest, secondPod.path("status").path("containerStatuses").path(0).path("imageID").asText());
    JsonNode deployment = rest.get(DEPLOYMENTS + "/rollout");
    assertEquals(2, deployment.path("metadata").path("generation").asInt());
    assertEquals("2", deployment.path("metadata").path("annotations").path("deployment.kubernetes.io/revision").asText());
    JsonNode status = awaitStatus(rest, "rollout", s -> s.path("updatedReplicas").asInt() == 1 && s.path("replicas").asInt() == 1);
    assertEquals(2, status.path("observedGeneration").asInt());
    cluster.deleteDeployment("default", "rollout");
  }

  @Test
  void scalingUpIsSeenOnAWatchAsJsonLines(TestCluster cluster) throws Exception {
    cluster.createDeployment("default", "scaled", 1, Map.of("app", "scaled"), "main", cluster.baseImage(),
        List.of("sleep", "3600"));
    cluster.waitForRunningPods("default", "scaled", 1, TIMEOUT);
    HttpClient http = HttpClient.newBuilder().sslContext(DoubleClient.trusting(cluster.api().certificatePem())).build();
    HttpResponse<Stream<String>> watch = http.send(HttpRequest.newBuilder(URI.create(cluster.api().url()
            + "/api/v1/namespaces/default/pods?watch=true&labelSelector=app%3Dscaled"))
        .header("Authorization", "Bearer " + cluster.api().token()).build(), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = watch.body()) {
      Iterator<String> events = lines.iterator();
      JsonNode existing = Json.parse(events.next().getBytes());
      assertEquals("ADDED", existing.path("type").asText());
      assertEquals("Pod", existing.path("object").path("kind").asText());
      assertEquals("Running", existing.path("object").path("status").path("phase").asText());

      ObjectNode scale = Json.object();
      scale.putObject("spec").put("replicas", 2);
      client(cluster).patch(DEPLOYMENTS + "/scaled/scale", "application/merge-patch+json", scale);

      CompletableFuture<JsonNode> added = CompletableFuture.supplyAsync(() -> {
        while (true) {
          JsonNode event = Json.parse(events.next().getBytes());
          if (event.path("type").asText().equals("ADDED")) {
            return event;
          }
        }
      });
      JsonNode event = added.get(30, TimeUnit.SECONDS);
      assertTrue(event.path("object").path("metadata").path("name").asText().startsWith("scaled-"), event.toString());
    }
    assertEquals(2, cluster.waitForRunningPods("default", "scaled", 2, TIMEOUT).size());
    cluster.deleteDeployment("default", "scaled");
  }

  private static DoubleClient client(TestCluster cluster) {
    return new DoubleClient(cluster.api().url(), cluster.api().certificatePem(), cluster.api().token());
  }

  /** The file's content once {@code cat} can read it; what it printed last after the timeout. */
  private static String awaitFile(TestCluster cluster, String containerId, String file) {
    List<String> command = List.of("exec", containerId, "cat", file);
    try {
      return await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .until(() -> Podman.tryRun(command, null), cat -> cat.exitCode() == 0).stdout();
    } catch (ConditionTimeoutException e) {
      return Podman.tryRun(command, null).stdout();
    }
  }

  private static JsonNode awaitStatus(DoubleClient rest, String name,
      java.util.function.Predicate<JsonNode> done) {
    JsonNode[] status = {null};
    try {
      await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
          .pollInSameThread().until(() -> {
            status[0] = rest.get(DEPLOYMENTS + "/" + name).path("status");
            return done.test(status[0]);
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("deployment " + name + " status never matched: " + status[0], e);
    }
    return status[0];
  }
}
