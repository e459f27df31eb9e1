package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the double's "kubelet" knows about one pod: its spec, its sandbox (the infra container
 * holding the pod's network namespace and IP) and its podman containers.
 */
final class PodRecord {
  final String namespace;
  final String name;
  final String uid;
  final JsonNode spec;
  final List<ContainerRecord> containers = new ArrayList<>();
  volatile boolean deleting;
  /** The pod's IP on the podman network, once its sandbox runs. */
  volatile String podIp;

  PodRecord(ObjectNode pod) {
    this.namespace = Json.text(pod, "metadata", "namespace");
    this.name = Json.text(pod, "metadata", "name");
    this.uid = Json.text(pod, "metadata", "uid");
    this.spec = pod.get("spec").deepCopy();
    for (JsonNode container : spec.path("containers")) {
      containers.add(new ContainerRecord(container));
    }
  }

  String key() {
    return namespace + "/" + name;
  }

  String restartPolicy() {
    return spec.path("restartPolicy").asText("Always");
  }

  ContainerRecord container(String containerName) {
    for (ContainerRecord container : containers) {
      if (container.name.equals(containerName)) {
        return container;
      }
    }
    return null;
  }

  /** One container of the pod; fields are guarded by the record's monitor. */
  static final class ContainerRecord {
    final String name;
    final JsonNode spec;
    String containerId;
    volatile String imageId = "";
    int restartCount;
    int pullFailures;
    /** state.waiting to report while there is no container (ContainerCreating, ErrImagePull...). */
    ObjectNode waiting;
    /** lastState.terminated after a restart. */
    ObjectNode lastTerminated;
    /** When the exited container is due to be restarted; null if no restart is scheduled. */
    Instant restartAt;
    /** What the readiness probes said about {@link #containerId} (reset for each new container). */
    Readiness readiness = new Readiness(null);

    ContainerRecord(JsonNode spec) {
      this.spec = spec;
      this.name = spec.path("name").asText();
      this.waiting = Json.object().put("reason", "ContainerCreating");
    }

    String image() {
      return spec.path("image").asText();
    }

    /** Ready as the kubelet reports it: running, and its readiness probe (if any) passed. */
    boolean ready(boolean running) {
      if (!running) {
        return false;
      }
      return !spec.path("readinessProbe").isObject()
          || (readiness.ready && containerId != null && containerId.equals(readiness.containerId));
    }

    List<String> list(String field) {
      List<String> values = new ArrayList<>();
      spec.path(field).forEach(v -> values.add(v.asText()));
      return values;
    }
  }

  /**
   * The readiness of one container: consecutive successes and failures of its probe. A container
   * starts unready; {@code successThreshold} successes in a row make it ready,
   * {@code failureThreshold} failures in a row make it unready again.
   */
  static final class Readiness {
    final String containerId;
    boolean ready;
    int successes;
    int failures;

    Readiness(String containerId) {
      this.containerId = containerId;
    }

    /** Counts one probe result; returns true if the container's readiness changed. */
    boolean record(boolean success, int successThreshold, int failureThreshold) {
      boolean before = ready;
      if (success) {
        failures = 0;
        successes++;
        if (successes >= successThreshold) {
          ready = true;
        }
      } else {
        successes = 0;
        failures++;
        if (failures >= failureThreshold) {
          ready = false;
        }
      }
      return ready != before;
    }
  }
}
