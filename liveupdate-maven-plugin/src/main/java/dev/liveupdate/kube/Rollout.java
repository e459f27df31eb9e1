package dev.liveupdate.kube;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentStatus;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Rolls a Deployment to a new image and waits as {@code kubectl rollout status} does: the
 * controller has seen the new generation, every replica is updated, no old replica is left, and
 * every replica is available. Fails early when a new pod cannot start (image pull errors, crash
 * loops), and after a timeout.
 */
final class Rollout {

  private static final Duration POLL = Duration.ofMillis(300);
  private static final Set<String> STUCK = Set.of("CrashLoopBackOff", "ImagePullBackOff",
      "ErrImagePull", "InvalidImageName", "CreateContainerError", "CreateContainerConfigError");

  private final ApiClient client;
  private final String namespace;
  private final String name;
  private final ClusterAddress address;

  Rollout(ApiClient client, String namespace, String name, ClusterAddress address) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.address = address;
  }

  void run(Optional<String> container, String image, Duration timeout, Consumer<String> progress)
      throws ClusterException, InterruptedException {
    AppsV1Api apps = new AppsV1Api(client);
    String containerName = container.isPresent() ? container.get() : first(read(apps));
    String patch = "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":"
        + client.getJSON().serialize(containerName) + ",\"image\":"
        + client.getJSON().serialize(image) + "}]}}}}";
    V1Deployment patched;
    try {
      patched = PatchUtils.patch(V1Deployment.class,
          () -> apps.patchNamespacedDeployment(name, namespace, new V1Patch(patch)).buildCall(null),
          V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    } catch (ApiException e) {
      throw ApiErrors.of(address, new ApiErrors.Call("patch", "deployments", name, namespace), e);
    }
    long generation = patched.getMetadata().getGeneration();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      V1Deployment deployment = read(apps);
      String waiting = waitingFor(deployment, generation);
      if (waiting.isEmpty()) {
        progress.accept("deployment \"" + name + "\" successfully rolled out");
        return;
      }
      if (!waiting.equals(last)) {
        progress.accept(waiting);
        last = waiting;
      }
      Optional<String> stuck = stuckPod(deployment, image);
      if (stuck.isPresent()) {
        throw new ClusterException("rollout of deployment " + name + " failed: " + stuck.get());
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterException("rollout of deployment " + name + " did not finish within "
            + timeout.toSeconds() + " s: " + last);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** What the rollout still waits for, in kubectl's words; empty when it is done. */
  String waitingFor(V1Deployment deployment, long generation) {
    V1DeploymentStatus status = deployment.getStatus();
    int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
    if (status == null || status.getObservedGeneration() == null
        || status.getObservedGeneration() < generation) {
      return "Waiting for deployment spec update to be observed...";
    }
    int updated = Optional.ofNullable(status.getUpdatedReplicas()).orElse(0);
    int replicas = Optional.ofNullable(status.getReplicas()).orElse(0);
    int available = Optional.ofNullable(status.getAvailableReplicas()).orElse(0);
    if (updated < wanted) {
      return "Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of "
          + wanted + " new replicas have been updated...";
    }
    if (replicas > updated) {
      return "Waiting for deployment \"" + name + "\" rollout to finish: " + (replicas - updated)
          + " old replicas are pending termination...";
    }
    if (available < updated) {
      return "Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of "
          + updated + " updated replicas are available...";
    }
    return "";
  }

  /** A pod of the new image (of any image, when null) that cannot start, with why. */
  Optional<String> stuckPod(V1Deployment deployment, String image)
      throws ClusterException {
    List<V1Pod> pods;
    try {
      pods = new CoreV1Api(client).listNamespacedPod(namespace)
          .labelSelector(KubeCluster.toSelectorString(deployment.getSpec().getSelector()))
          .execute().getItems();
    } catch (ApiException e) {
      throw ApiErrors.of(address, new ApiErrors.Call("list", "pods", null, namespace), e);
    }
    for (V1Pod pod : pods) {
      boolean newImage = image == null || pod.getSpec().getContainers().stream()
          .anyMatch(c -> image.equals(c.getImage()));
      List<V1ContainerStatus> statuses = pod.getStatus() == null ? null
          : pod.getStatus().getContainerStatuses();
      if (!newImage || statuses == null) {
        continue;
      }
      for (V1ContainerStatus status : statuses) {
        if (status.getState() != null && status.getState().getWaiting() != null
            && STUCK.contains(status.getState().getWaiting().getReason())) {
          String message = status.getState().getWaiting().getMessage();
          return Optional.of("pod " + pod.getMetadata().getName() + " container "
              + status.getName() + " is " + status.getState().getWaiting().getReason()
              + (message == null ? "" : ": " + message)
              + " (restarts: " + status.getRestartCount() + ")");
        }
      }
    }
    return Optional.empty();
  }

  V1Deployment read(AppsV1Api apps) throws ClusterException {
    try {
      return apps.readNamespacedDeployment(name, namespace).execute();
    } catch (ApiException e) {
      throw ApiErrors.of(address, new ApiErrors.Call("get", "deployments", name, namespace), e);
    }
  }

  private static String first(V1Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
  }

}
