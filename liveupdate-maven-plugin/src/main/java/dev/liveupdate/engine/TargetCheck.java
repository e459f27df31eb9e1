package dev.liveupdate.engine;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.PermanentClusterException;
import dev.liveupdate.sync.ContainerTools;
import dev.liveupdate.sync.Transports;
import java.time.Duration;
import java.util.List;

/**
 * What both goals check before they touch anything, so that a mistake about the target ends them
 * at once with a hint instead of a retry loop: the target's running containers are listed (a
 * Deployment, namespace or container that does not exist, a refused request, rejected credentials
 * or an untrusted certificate are {@link PermanentClusterException}s), and one running container
 * is asked for the tools the transport needs ({@link ContainerTools}). What may pass — the cluster
 * unreachable, 0 replicas, pods not running yet — is {@link NotReady}, saying what to wait for.
 */
public final class TargetCheck {

  /** How long the tools check may take. */
  static final Duration TOOLS_TIMEOUT = Duration.ofSeconds(30);

  /** How the check ended. */
  public sealed interface Outcome permits Ready, NotReady {}

  /** Containers run and have what the transport needs. */
  public record Ready(List<ContainerRef> containers) implements Outcome {}

  /** No container can be updated yet, for a reason that may pass; {@code waitingFor} says it. */
  public record NotReady(String waitingFor) implements Outcome {}

  private TargetCheck() {}

  /**
   * Runs the check.
   *
   * @throws PermanentClusterException for a mistake or refusal that waiting does not mend
   */
  public static Outcome run(Cluster cluster) throws PermanentClusterException,
      InterruptedException {
    return run(cluster, new Transports(cluster, List.of()), false);
  }

  /**
   * Runs the check with the session's transports: a container without {@code sh} or
   * {@code tar} passes when it has the dev image's Java receiver, or when
   * {@code devImageComing} (the session rolls the dev image out before it updates anything).
   *
   * @throws PermanentClusterException for a mistake or refusal that waiting does not mend
   */
  public static Outcome run(Cluster cluster, Transports transports, boolean devImageComing)
      throws PermanentClusterException, InterruptedException {
    List<ContainerRef> containers;
    try {
      containers = cluster.runningContainers();
    } catch (PermanentClusterException e) {
      throw e;
    } catch (ClusterException e) {
      return new NotReady(e.getMessage());
    }
    if (containers.isEmpty()) {
      return new NotReady(cluster.noneRunning());
    }
    try {
      ContainerTools.check(cluster, transports, containers.get(0), TOOLS_TIMEOUT,
          devImageComing);
    } catch (PermanentClusterException e) {
      throw e;
    } catch (ClusterException e) {
      // The container went away or the connection dropped: what comes next will tell.
    }
    return new Ready(containers);
  }
}
