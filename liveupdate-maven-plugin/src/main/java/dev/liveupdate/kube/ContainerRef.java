package dev.liveupdate.kube;

/**
 * One running container of the target workload.
 *
 * @param namespace   the pod's namespace
 * @param pod         the pod's name
 * @param container   the container's name in the pod spec
 * @param containerId the runtime's container ID ({@code containerd://…}); a new ID means a new
 *                    container (a restart), which has lost what earlier updates copied into it
 */
public record ContainerRef(String namespace, String pod, String container, String containerId) {

  /** {@code pod/container}, as printed in front of every line about this container. */
  public String label() {
    return pod + "/" + container;
  }
}
