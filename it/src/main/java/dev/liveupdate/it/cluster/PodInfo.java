package dev.liveupdate.it.cluster;

import java.util.Map;

/**
 * A pod as tests see it.
 *
 * @param namespace the pod's namespace
 * @param name the pod's name, e.g. {@code web-7d4b9c8f6d-x2k9p}
 * @param phase Pending, Running, Succeeded or Failed
 * @param ready whether the pod's Ready condition is True
 * @param labels the pod's labels
 * @param containerIds podman container id per container name (absent while not created)
 */
public record PodInfo(
    String namespace, String name, String phase, boolean ready, Map<String, String> labels,
    Map<String, String> containerIds) {

  /** The podman id of the only (or first) container. */
  public String containerId() {
    return containerIds.values().iterator().next();
  }
}
