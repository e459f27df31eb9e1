package dev.liveupdate.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The workloads of a namespace and the images their containers run, as their pod templates say:
 * what a Jib module's target is found by (the one whose container runs the image Jib pushes).
 * Deployments only, the kind a rollout can update; one request.
 */
public final class Workloads {

  /**
   * One container of a workload's pod template.
   *
   * @param workload  {@code deployment/name}
   * @param name      the Deployment's name
   * @param container the container's name
   * @param image     the image it runs, as written in the template
   */
  public record Container(String workload, String name, String container, String image) {}

  private Workloads() {}

  /** Every container of every Deployment of the namespace. */
  public static List<Container> containers(ApiClient client, ClusterAddress address,
      String namespace)
      throws ClusterException {
    List<V1Deployment> deployments;
    try {
      deployments = new AppsV1Api(client).listNamespacedDeployment(namespace).execute().getItems();
    } catch (ApiException e) {
      throw ApiErrors.of(address, new ApiErrors.Call("list", "deployments", null, namespace), e);
    }
    List<Container> containers = new ArrayList<>();
    for (V1Deployment deployment : deployments) {
      String name = deployment.getMetadata().getName();
      if (deployment.getSpec() == null || deployment.getSpec().getTemplate().getSpec() == null) {
        continue;
      }
      for (V1Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        containers.add(new Container("deployment/" + name, name, container.getName(),
            container.getImage() == null ? "" : container.getImage()));
      }
    }
    return containers;
  }
}
