package dev.liveupdate.manifest;

import dev.liveupdate.kube.ClusterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code liveupdate:down}: deletes every object the manifests describe, and nothing else, in the
 * reverse of {@link ApplyOrder} (workloads first, Namespaces last), each with background
 * propagation and waited for as {@code kubectl delete} does; an object already gone is reported
 * and skipped. A failure says what was deleted and what was not.
 */
public final class ManifestDelete {

  private final ManifestCluster cluster;
  private final String namespace;
  private final Path basedir;
  private final Consumer<ManifestEvent> listener;

  public ManifestDelete(ManifestCluster cluster, String namespace, Path basedir,
      Consumer<ManifestEvent> listener) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.basedir = basedir;
    this.listener = listener;
  }

  /** Deletes {@code objects}; returns how many existed. */
  public int delete(List<ManifestObject> objects, Duration timeout)
      throws ManifestException, InterruptedException {
    List<ManifestObject> ordered = new ArrayList<>(ApplyOrder.sorted(objects));
    java.util.Collections.reverse(ordered);
    List<ManifestObject> done = new ArrayList<>();
    int existed = 0;
    for (ManifestObject object : ordered) {
      boolean was;
      try {
        was = cluster.delete(object, namespace, timeout);
      } catch (ClusterException e) {
        List<String> left = ordered.stream().filter(o -> !done.contains(o))
            .map(ManifestObject::ref).toList();
        throw new ManifestException("cannot delete " + object.ref() + " ("
            + object.where(basedir) + "): " + e.getMessage() + System.lineSeparator()
            + "  deleted: " + (done.isEmpty() ? "nothing" : String.join(", ",
                done.stream().map(ManifestObject::ref).toList()))
            + "; not deleted: " + String.join(", ", left), e);
      }
      done.add(object);
      existed += was ? 1 : 0;
      listener.accept(new ManifestEvent.Deleted(object.ref(), was));
    }
    return existed;
  }
}
