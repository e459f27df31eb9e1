package dev.liveupdate.kube;

import dev.liveupdate.config.ClosestName;
import dev.liveupdate.config.Target;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.List;
import java.util.Optional;

/**
 * Finds the target's pods, and when the target is not there says why in a way the user can act
 * on: a Deployment or namespace that does not exist is a {@link PermanentClusterException} naming
 * the ones that do exist and the closest name; a workload without a running pod is described by
 * what the caller waits for (0 replicas, a pod still Pending).
 */
final class TargetLookup {

  private static final int LISTED_NAMES = 10;

  private final ApiClient client;
  private final Target target;
  private final String namespace;
  private final ClusterAddress address;

  TargetLookup(ApiClient client, Target target, String namespace, ClusterAddress address) {
    this.client = client;
    this.target = target;
    this.namespace = namespace;
    this.address = address;
  }

  /** The target Deployment, read now. */
  V1Deployment deployment(String name) throws ClusterException {
    try {
      return new AppsV1Api(client).readNamespacedDeployment(name, namespace).execute();
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        throw missingDeployment(name);
      }
      throw ApiErrors.of(address, new ApiErrors.Call("get", "deployments", name, namespace), e);
    }
  }

  /** The pods matching the selector. */
  List<V1Pod> pods(String selector) throws ClusterException {
    try {
      return new CoreV1Api(client).listNamespacedPod(namespace).labelSelector(selector).execute()
          .getItems();
    } catch (ApiException e) {
      if (e.getCode() == 404 && namespaceMissing()) {
        throw missingNamespace();
      }
      throw ApiErrors.of(address, new ApiErrors.Call("list", "pods", null, namespace), e);
    }
  }

  /**
   * Checks, when no pod matched, that the namespace exists: a real API server lists nothing in a
   * namespace that does not exist, which would otherwise read as "no pod yet".
   */
  void checkNamespace() throws PermanentClusterException {
    if (namespaceMissing()) {
      throw missingNamespace();
    }
  }

  /**
   * What a caller waits for when none of these pods (the target's, just listed) runs its
   * container: the Deployment scaled to zero, a pod not created yet, or one not running yet.
   */
  String noneRunning(List<V1Pod> pods, String container) {
    String what = target.describe() + " in namespace " + namespace;
    if (pods.isEmpty()) {
      if (target.deployment().isPresent()) {
        String name = target.deployment().get();
        Integer replicas = replicas(name);
        if (replicas != null && replicas == 0) {
          return what + " has 0 replicas: waiting for it to be scaled up (kubectl scale"
              + " deployment/" + name + " --replicas=1 -n " + namespace + ")";
        }
        return what + " has no pod yet: waiting for one to be created";
      }
      return "no pod in namespace " + namespace + " matches " + target.selector().orElse("?")
          + ": waiting for one (check <target><selector> if none should come)";
    }
    for (V1Pod pod : pods) {
      String name = pod.getMetadata().getName();
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String phase = pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
      String reason = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
          ? null : pod.getStatus().getContainerStatuses().stream()
              .filter(s -> s.getName().equals(container) && s.getState() != null
                  && s.getState().getWaiting() != null)
              .map(s -> s.getState().getWaiting().getReason()).findFirst().orElse(null);
      return "pod " + name + " of " + what + " is " + phase + (reason == null ? "" : " ("
          + reason + ")") + ": waiting for its container " + container + " to run";
    }
    return "every pod of " + what + " is being deleted: waiting for new ones";
  }

  private Integer replicas(String name) {
    try {
      V1Deployment deployment = new AppsV1Api(client).readNamespacedDeployment(name, namespace)
          .execute();
      return deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    } catch (ApiException e) {
      return null; // said otherwise: "no pod yet"
    }
  }

  private PermanentClusterException missingDeployment(String name) {
    if (namespaceMissing()) {
      return missingNamespace();
    }
    StringBuilder message = new StringBuilder("deployment '" + name + "' does not exist in"
        + " namespace " + namespace + " of " + address.describe() + " (<target><deployment>)");
    try {
      List<String> names = new AppsV1Api(client).listNamespacedDeployment(namespace).execute()
          .getItems().stream().map(d -> d.getMetadata().getName()).sorted().toList();
      message.append(names.isEmpty() ? "; that namespace has no deployments"
          : "; deployments there: " + listed(names));
      ClosestName.to(name, names).ifPresent(c -> message.append("; did you mean '" + c + "'?"));
    } catch (ApiException e) {
      // may not list them (403): the message says what it can
    }
    return new PermanentClusterException(message.toString());
  }

  private PermanentClusterException missingNamespace() {
    StringBuilder message = new StringBuilder("namespace '" + namespace + "' does not exist in "
        + address.describe() + " (<target><namespace>, -Dliveupdate.namespace or the context's"
        + " namespace)");
    try {
      List<String> names = new CoreV1Api(client).listNamespace().execute().getItems().stream()
          .map(n -> n.getMetadata().getName()).sorted().toList();
      message.append("; namespaces: ").append(listed(names));
      ClosestName.to(namespace, names).ifPresent(c -> message.append("; did you mean '" + c
          + "'?"));
    } catch (ApiException e) {
      // may not list them (403): the message says what it can
    }
    return new PermanentClusterException(message.toString());
  }

  /** Whether the namespace is known not to exist (a 404 for it, not a 403). */
  private boolean namespaceMissing() {
    return namespaceExists().filter(exists -> !exists).isPresent();
  }

  /** Whether the namespace exists; empty when the user may not read it (403) or it is unknown. */
  private Optional<Boolean> namespaceExists() {
    try {
      new CoreV1Api(client).readNamespace(namespace).execute();
      return Optional.of(true);
    } catch (ApiException e) {
      return e.getCode() == 404 ? Optional.of(false) : Optional.empty();
    }
  }

  private static String listed(List<String> names) {
    return String.join(", ", names.subList(0, Math.min(names.size(), LISTED_NAMES)))
        + (names.size() > LISTED_NAMES ? ", … (" + names.size() + " in all)" : "");
  }
}
