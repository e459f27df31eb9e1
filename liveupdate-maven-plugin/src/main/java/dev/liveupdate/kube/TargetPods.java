package dev.liveupdate.kube;

import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.OptionalLong;

/** The target's pods as the log streams and port-forwards see them. */
interface TargetPods {

  /** Every pod of the target now, whatever its phase. */
  List<V1Pod> list() throws ClusterException;

  /** The target container's name in {@code pod}. */
  String container(V1Pod pod) throws ClusterException;

  /** The pod watch's count of pod changes, empty while it is not connected. */
  OptionalLong changes();

  /** Whether the pod is Ready and not being deleted. */
  static boolean ready(V1Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
