package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * Turns podman's view of a pod's containers ({@code podman ps -a --format json} entries) and their
 * readiness into the pod status the kubelet reports: phase, conditions, pod IP and containerStatuses.
 * A container is ready when it runs and its readiness probe, if it has one, passed; the pod is
 * Ready when all its containers are.
 */
final class PodStatuses {
  private PodStatuses() {}

  static ObjectNode build(JsonNode previous, PodRecord pod, Map<String, JsonNode> psById) {
    ObjectNode status = Json.object();
    ArrayNode statuses = Json.array();
    int running = 0;
    int ready = 0;
    int terminated = 0;
    int failed = 0;
    int created = 0;
    synchronized (pod) {
      for (PodRecord.ContainerRecord container : pod.containers) {
        ObjectNode cs = containerStatus(container, psById);
        statuses.add(cs);
        JsonNode state = cs.get("state");
        if (container.containerId != null || container.restartCount > 0) {
          created++;
        }
        if (state.has("running")) {
          running++;
        }
        if (cs.get("ready").asBoolean()) {
          ready++;
        }
        if (state.has("terminated")) {
          terminated++;
          if (state.get("terminated").path("exitCode").asInt() != 0) {
            failed++;
          }
        }
      }
    }
    int total = pod.containers.size();
    String phase;
    if (created < total) {
      phase = "Pending";
    } else if (terminated == total && !"Always".equals(pod.restartPolicy())
        && (failed == 0 || "Never".equals(pod.restartPolicy()))) {
      phase = failed == 0 ? "Succeeded" : "Failed";
    } else {
      phase = "Running";
    }
    status.put("phase", phase);
    boolean allReady = ready == total;
    ArrayNode conditions = status.putArray("conditions");
    condition(conditions, previous, "PodReadyToStartContainers", created == total);
    condition(conditions, previous, "Initialized", true);
    condition(conditions, previous, "Ready", allReady);
    condition(conditions, previous, "ContainersReady", allReady);
    condition(conditions, previous, "PodScheduled", true);
    status.put("hostIP", "127.0.0.1");
    status.putArray("hostIPs").addObject().put("ip", "127.0.0.1");
    if (pod.podIp != null) {
      status.put("podIP", pod.podIp);
      status.putArray("podIPs").addObject().put("ip", pod.podIp);
    }
    status.put("startTime", previous.path("startTime").asText(Json.now()));
    status.set("containerStatuses", statuses);
    status.put("qosClass", "BestEffort");
    return status;
  }

  private static ObjectNode containerStatus(PodRecord.ContainerRecord container, Map<String, JsonNode> ps) {
    ObjectNode cs = Json.object();
    cs.put("name", container.name);
    ObjectNode state = cs.putObject("state");
    boolean running = false;
    JsonNode entry = container.containerId == null ? null : ps.get(container.containerId);
    if (container.restartAt != null && container.restartCount > 0) {
      ObjectNode waiting = state.putObject("waiting");
      waiting.put("reason", "CrashLoopBackOff");
      waiting.put("message", "back-off restarting failed container=" + container.name);
    } else if (container.containerId == null) {
      state.set("waiting", container.waiting.deepCopy());
    } else if (entry == null) {
      ObjectNode t = state.putObject("terminated");
      t.put("exitCode", 137);
      t.put("reason", "ContainerStatusUnknown");
      t.put("message", "The container could not be located when the pod was terminated");
      t.put("containerID", "podman://" + container.containerId);
    } else if ("running".equals(entry.path("State").asText())) {
      state.putObject("running").put("startedAt", epoch(entry.path("StartedAt")));
      running = true;
    } else if (isExited(entry)) {
      state.set("terminated", terminated(container, entry));
    } else {
      state.putObject("waiting").put("reason", "ContainerCreating");
    }
    ObjectNode lastState = cs.putObject("lastState");
    if (container.lastTerminated != null) {
      lastState.set("terminated", container.lastTerminated.deepCopy());
    }
    cs.put("ready", container.ready(running));
    cs.put("restartCount", container.restartCount);
    cs.put("image", container.image());
    cs.put("imageID", container.imageId);
    if (container.containerId != null) {
      cs.put("containerID", "podman://" + container.containerId);
    }
    cs.put("started", running);
    return cs;
  }

  static boolean isExited(JsonNode psEntry) {
    String state = psEntry.path("State").asText();
    return state.equals("exited") || state.equals("stopped");
  }

  /** {@code state.terminated} for an exited podman container. */
  static ObjectNode terminated(PodRecord.ContainerRecord container, JsonNode entry) {
    ObjectNode t = Json.object();
    int exitCode = entry.path("ExitCode").asInt();
    t.put("exitCode", exitCode);
    t.put("reason", exitCode == 0 ? "Completed" : "Error");
    t.put("startedAt", epoch(entry.path("StartedAt")));
    t.put("finishedAt", epoch(entry.path("ExitedAt")));
    t.put("containerID", "podman://" + container.containerId);
    return t;
  }

  private static String epoch(JsonNode seconds) {
    long value = seconds.asLong();
    return Json.time(value > 0 ? Instant.ofEpochSecond(value) : Instant.now());
  }

  private static void condition(ArrayNode conditions, JsonNode previous, String type, boolean value) {
    String status = value ? "True" : "False";
    String since = Json.now();
    for (JsonNode old : previous.path("conditions")) {
      if (type.equals(old.path("type").asText()) && status.equals(old.path("status").asText())) {
        since = old.path("lastTransitionTime").asText(since);
      }
    }
    ObjectNode condition = conditions.addObject();
    condition.put("type", type);
    condition.put("status", status);
    condition.putNull("lastProbeTime");
    condition.put("lastTransitionTime", since);
    if (!value && (type.equals("Ready") || type.equals("ContainersReady"))) {
      condition.put("reason", "ContainersNotReady");
      condition.put("message", "containers with unready status");
    }
  }
}
