package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a ReplicaSet and a kubelet do with the double's pods, observed through the REST API. */
@ExtendWith(ClusterExtension.class)
class PodLifecycleIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String PODS = "/api/v1/namespaces/default/pods";
  private static DoubleClient rest;

  @BeforeAll
  static void deploy(TestCluster cluster) {
    rest = new DoubleClient(cluster.api().url(), cluster.api().certificatePem(), cluster.api().token());
    cluster.createDeployment("default", "lifecycle", 2, Map.of("app", "lifecycle", "tier", "web"), "main",
        cluster.baseImage(), List.of("sleep", "3600"));
    cluster.waitForRunningPods("default", "lifecycle", 2, TIMEOUT);
  }

  @AfterAll
  static void undeploy(TestCluster cluster) {
    cluster.deleteDeployment("default", "lifecycle");
  }

  @Test
  void anExitedContainerShowsTerminatedThenIsRestartedFresh(TestCluster cluster) throws Exception {
    PodInfo pod = cluster.pods("default", "app=lifecycle").get(0);
    String oldId = pod.containerId();

    Podman.run("kill", oldId);

    JsonNode terminated = await(pod.name(), p -> status(p).path("state").has("terminated"));
    assertEquals(137, status(terminated).path("state").path("terminated").path("exitCode").asInt());
    assertEquals("False", condition(terminated, "Ready"));
    JsonNode restarted = await(pod.name(), p -> status(p).path("restartCount").asInt() == 1
        && status(p).path("state").has("running"));
    assertNotEquals("podman://" + oldId, status(restarted).path("containerID").asText());
    assertEquals(137, status(restarted).path("lastState").path("terminated").path("exitCode").asInt());
    assertEquals("True", condition(await(pod.name(), p -> "True".equals(condition(p, "Ready"))), "Ready"));
  }

  @Test
  void aDeletedPodIsReplacedAndItsContainerRemoved(TestCluster cluster) throws Exception {
    PodInfo victim = cluster.pods("default", "app=lifecycle").get(1);

    JsonNode deleted = rest.delete(PODS + "/" + victim.name());

    assertTrue(deleted.path("metadata").has("deletionTimestamp"), deleted.toString());
    List<PodInfo> pods = cluster.waitForRunningPods("default", "lifecycle", 2, TIMEOUT);
    assertTrue(pods.stream().noneMatch(p -> p.name().equals(victim.name())), pods.toString());
    awaitGone(victim.name()); // the pod object goes only after its containers
    assertTrue(Podman.tryRun(List.of("container", "exists", victim.containerId()), null).exitCode() != 0,
        "podman container " + victim.containerId() + " still exists");
  }

  @Test
  void labelAndFieldSelectorsFilterLists(TestCluster cluster) {
    assertEquals(2, names("labelSelector", "app in (lifecycle,other),tier=web").size());
    assertEquals(0, names("labelSelector", "app=lifecycle,tier!=web").size());
    assertEquals(0, names("labelSelector", "app=lifecycle,!tier").size());
    assertTrue(names("labelSelector", "app notin (lifecycle)").stream().noneMatch(n -> n.startsWith("lifecycle-")));
    assertTrue(names("fieldSelector", "status.phase=Running").stream().filter(n -> n.startsWith("lifecycle-")).count() >= 1);
    assertEquals(List.of(), names("fieldSelector", "status.phase=Succeeded"));
  }

  private static List<String> names(String parameter, String selector) {
    JsonNode list = rest.get(PODS + "?" + parameter + "=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
    assertEquals("PodList", list.path("kind").asText());
    return list.path("items").findValues("name").stream()
        .map(JsonNode::asText).filter(n -> n.matches(".*-[a-z0-9]{5}")).toList();
  }

  private static JsonNode status(JsonNode pod) {
    return pod.path("status").path("containerStatuses").path(0);
  }

  private static String condition(JsonNode pod, String type) {
    for (JsonNode condition : pod.path("status").path("conditions")) {
      if (type.equals(condition.path("type").asText())) {
        return condition.path("status").asText();
      }
    }
    return null;
  }

  private static void awaitGone(String pod) {
    try {
      Awaitility.await().atMost(TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20)).until(() -> rest.get(PODS).path("items")
              .findValues("name").stream().noneMatch(n -> n.asText().equals(pod)));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("pod " + pod + " was never removed", e);
    }
  }

  /** Polls GET of a pod until it satisfies the condition. */
  private static JsonNode await(String pod, Predicate<JsonNode> condition) {
    JsonNode[] current = {null};
    try {
      Awaitility.await().atMost(TIMEOUT).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20)).pollInSameThread().until(() -> {
            current[0] = rest.get(PODS + "/" + pod);
            return condition.test(current[0]);
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("pod " + pod + " never got there; last: "
          + current[0].path("status"), e);
    }
    return current[0];
  }
}
