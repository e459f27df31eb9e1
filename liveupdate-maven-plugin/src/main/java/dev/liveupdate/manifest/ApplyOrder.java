package dev.liveupdate.manifest;

import java.util.Comparator;
import java.util.List;

/**
 * The order objects are applied in, as Tilt and Helm apply them: what others refer to first
 * (Namespaces, then ServiceAccounts, roles, ConfigMaps, Secrets, volumes, Services), workloads
 * last, anything else between; within a rank, the order of the files. {@code liveupdate:down}
 * deletes in the reverse order, workloads first.
 */
public final class ApplyOrder {

  private static final List<String> FIRST = List.of("Namespace", "ResourceQuota", "LimitRange",
      "CustomResourceDefinition", "ServiceAccount", "Role", "ClusterRole", "RoleBinding",
      "ClusterRoleBinding", "ConfigMap", "Secret", "PersistentVolume", "PersistentVolumeClaim",
      "Service");
  private static final List<String> WORKLOADS = List.of("Pod", "ReplicaSet", "Deployment",
      "StatefulSet", "DaemonSet", "Job", "CronJob", "HorizontalPodAutoscaler");

  private ApplyOrder() {}

  /** {@code objects} in the order to apply them (a stable sort). */
  public static List<ManifestObject> sorted(List<ManifestObject> objects) {
    return objects.stream().sorted(Comparator.comparingInt(o -> rank(o.kind()))).toList();
  }

  static int rank(String kind) {
    int first = FIRST.indexOf(kind);
    if (first >= 0) {
      return first;
    }
    int workload = WORKLOADS.indexOf(kind);
    return workload >= 0 ? FIRST.size() + 1 + workload : FIRST.size();
  }

  /** Whether the kind runs containers: its image references are substituted. */
  static boolean isWorkload(String kind) {
    return WORKLOADS.contains(kind) && !kind.equals("HorizontalPodAutoscaler");
  }
}
