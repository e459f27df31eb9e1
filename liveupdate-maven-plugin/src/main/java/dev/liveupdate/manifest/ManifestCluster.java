package dev.liveupdate.manifest;

import dev.liveupdate.kube.ClusterException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What applying and deleting manifests needs of a cluster: the port {@link ManifestApply} and
 * {@link ManifestDelete} are tested through, {@code kube.KubeManifests} the real one.
 */
public interface ManifestCluster extends AutoCloseable {

  /** What a server-side apply did, in kubectl's words. */
  enum Applied {
    CREATED, CONFIGURED, UNCHANGED;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Applies {@code object} server-side, field manager {@code liveupdate}, forcing conflicts.
   *
   * @param namespace the namespace of a namespaced object that names none
   * @throws ClusterException if the server refuses it (the message is the server's) or cannot
   *                          be reached
   */
  Applied apply(ManifestObject object, String namespace) throws ClusterException;

  /**
   * Deletes {@code object} with background propagation, as {@code kubectl delete} does, and
   * waits until it is gone.
   *
   * @return false if it did not exist
   */
  boolean delete(ManifestObject object, String namespace, Duration timeout)
      throws ClusterException, InterruptedException;

  /**
   * Waits until a workload just applied is rolled out ({@code kubectl rollout status}); kinds
   * without a rollout return at once.
   *
   * @param progress receives what it waits for, when that changes and every 2 s
   */
  void awaitRollout(ManifestObject object, String namespace, Duration timeout,
      Consumer<String> progress) throws ClusterException, InterruptedException;

  /** Whether {@link #awaitRollout} waits for this kind. */
  boolean rollsOut(String kind);

  @Override
  void close();
}
