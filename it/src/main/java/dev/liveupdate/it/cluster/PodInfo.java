package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
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
 * @param ip the pod's IP ({@code status.podIP}) on podman's bridge network, null until its sandbox runs
 */
public record PodInfo(
    String namespace, String name, String phase, boolean ready, Map<String, String> labels,
    Map<String, String> containerIds, String ip) {

  /** The podman id of the only (or first) container. */
  public String containerId() {
    return containerIds.values().iterator().next();
  }

  /**
   * Where the host reaches a port the pod's containers listen on: {@code podIP:port}, as the
   * kubelet's probes and a port-forward do. Every pod has its own IP, so replicas can all listen
   * on the same port.
   */
  public InetSocketAddress address(int port) {
    if (ip == null) {
      throw new IllegalStateException("pod " + name + " has no IP yet (phase " + phase + ")");
    }
    return new InetSocketAddress(ip, port);
  }

  /** {@code http://podIP:port/path}; see {@link #address}. */
  public URI uri(int port, String path) {
    address(port);
    return URI.create("http://" + ip + ":" + port + (path.startsWith("/") ? path : "/" + path));
  }

  /** Reads a pod object of the API. */
  static PodInfo of(String namespace, JsonNode pod) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      String id = status.path("containerID").asText("");
      if (id.startsWith("podman://")) {
        ids.put(status.path("name").asText(), id.substring("podman://".length()));
      }
    }
    String ip = pod.path("status").path("podIP").asText("");
    return new PodInfo(namespace, Json.text(pod, "metadata", "name"), Json.text(pod, "status", "phase"),
        DeploymentController.isReady(pod), Json.stringMap(pod.path("metadata").path("labels")), Map.copyOf(ids),
        ip.isEmpty() ? null : ip);
  }
}
