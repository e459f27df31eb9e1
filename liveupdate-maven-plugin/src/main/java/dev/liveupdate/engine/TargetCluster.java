package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.Target;
import dev.liveupdate.kube.ClusterAddress;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.KubeClients;
import dev.liveupdate.kube.KubeCluster;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;

/**
 * The cluster of a goal's target, found as {@code liveupdate:dev} finds it: the kubeconfig and
 * context of the options, else of {@code <target>}, else kubectl's; the namespace of the options,
 * else of {@code <target>}, else the context's. A target that names no workload (a Jib module's
 * without {@code <target><deployment>}) is resolved once connected, by a {@link WorkloadFinder}.
 *
 * @param cluster     the connected cluster; the caller closes it
 * @param target      the target, with its workload named
 * @param description {@code deployment/api in namespace default}, for messages
 */
public record TargetCluster(KubeCluster cluster, Target target, String description) {

  /** Names the workload of a target that names none, asking the connected cluster. */
  @FunctionalInterface
  public interface WorkloadFinder {
    /**
     * @param partial the target as configured: container, namespace, context, no workload
     * @return the target with its workload named
     * @throws ClusterException if the cluster cannot be asked, or no single workload fits,
     *                          saying what to configure
     */
    Target find(ApiClient client, ClusterAddress address, String namespace, Target partial)
        throws ClusterException;
  }

  public static TargetCluster connect(LiveUpdateConfig config, SessionOptions options)
      throws ClusterException {
    return connect(config, options, (client, address, namespace, partial) -> {
      throw new ClusterException("<liveUpdate><target> names no workload: set <deployment> or "
          + "<selector>");
    });
  }

  /** As {@link #connect(LiveUpdateConfig, SessionOptions)}, finding an unnamed workload. */
  public static TargetCluster connect(LiveUpdateConfig config, SessionOptions options,
      WorkloadFinder finder) throws ClusterException {
    Target configured = config.target();
    KubeClients.Connection connection = KubeClients.connect(
        KubeClients.locateKubeconfig(options.kubeconfig()),
        options.context().or(configured::context), Duration.ofSeconds(30));
    String namespace = options.namespace().or(configured::namespace)
        .orElse(connection.contextNamespace());
    Target target = configured;
    if (!configured.namesWorkload()) {
      try {
        target = finder.find(connection.client(), connection.address(), namespace, configured);
      } catch (ClusterException | RuntimeException e) {
        new KubeCluster(connection.client(), configured, namespace, connection.address()).close();
        throw e;
      }
    }
    return new TargetCluster(new KubeCluster(connection.client(), target, namespace,
        connection.address()), target, target.describe() + " in namespace " + namespace);
  }
}
