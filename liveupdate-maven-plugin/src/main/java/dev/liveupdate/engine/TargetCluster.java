package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.Target;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.KubeClients;
import dev.liveupdate.kube.KubeCluster;
import java.time.Duration;

/**
 * The cluster of a goal's target, found as {@code liveupdate:dev} finds it: the kubeconfig and
 * context of the options, else of {@code <target>}, else kubectl's; the namespace of the options,
 * else of {@code <target>}, else the context's.
 *
 * @param cluster     the connected cluster; the caller closes it
 * @param description {@code deployment/api in namespace default}, for messages
 */
public record TargetCluster(KubeCluster cluster, String description) {

  public static TargetCluster connect(LiveUpdateConfig config, SessionOptions options)
      throws ClusterException {
    Target configured = config.target();
    KubeClients.Connection connection = KubeClients.connect(
        KubeClients.locateKubeconfig(options.kubeconfig()),
        options.context().or(configured::context), Duration.ofSeconds(30));
    String namespace = options.namespace().or(configured::namespace)
        .orElse(connection.contextNamespace());
    return new TargetCluster(new KubeCluster(connection.client(), configured, namespace,
        connection.address()),
        configured.describe() + " in namespace " + namespace);
  }
}
