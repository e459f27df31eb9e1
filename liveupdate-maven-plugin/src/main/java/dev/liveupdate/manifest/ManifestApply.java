package dev.liveupdate.manifest;

import dev.liveupdate.kube.ClusterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Applies the manifests at the start of {@code liveupdate:dev}: in {@link ApplyOrder}; with the
 * image the plugin builds put into the workloads that run it ({@link ImageInjection}), built and
 * pushed first; one object at a time, stopping at the first the server refuses; then waits for
 * the rollout of every workload applied. A failure says what was applied and what was not, so
 * nothing half-applied goes unreported.
 */
public final class ManifestApply {

  /** Builds and pushes the image to inject; returns it by digest. */
  @FunctionalInterface
  public interface ImageBuild {
    String build(Consumer<String> progress) throws ManifestException, InterruptedException;
  }

  /** The built image's repository and how to build it. */
  public record Injection(ImageInjection matcher, ImageBuild build) {}

  private final ManifestCluster cluster;
  private final String namespace;
  private final Path basedir;
  private final Consumer<ManifestEvent> listener;

  /**
   * @param namespace the namespace of namespaced objects that name none (the target's)
   * @param basedir   the module, for file names in messages
   */
  public ManifestApply(ManifestCluster cluster, String namespace, Path basedir,
      Consumer<ManifestEvent> listener) {
    this.cluster = cluster;
    this.namespace = namespace;
    this.basedir = basedir;
    this.listener = listener;
  }

  /**
   * Applies {@code objects} and waits for their rollout.
   *
   * @return the objects as applied, in order
   * @throws ManifestException if the image build, an apply or a rollout failed, saying what was
   *                           applied and what was not
   */
  public List<ManifestObject> apply(List<ManifestObject> objects, Optional<Injection> injection,
      Duration rolloutTimeout) throws ManifestException, InterruptedException {
    List<ManifestObject> ordered = ApplyOrder.sorted(objects);
    if (injection.isPresent() && injection.get().matcher().referencedBy(ordered)) {
      String image = injection.get().build().build(line -> listener.accept(
          new ManifestEvent.Progress(line)));
      ordered = ordered.stream().map(o -> injection.get().matcher().inject(o, image)).toList();
    }
    List<ManifestObject> applied = new ArrayList<>();
    for (ManifestObject object : ordered) {
      ManifestCluster.Applied outcome;
      try {
        outcome = cluster.apply(object, namespace);
      } catch (ClusterException e) {
        throw new ManifestException("cannot apply " + object.ref() + " (" + object.where(basedir)
            + "): " + e.getMessage() + System.lineSeparator() + "  " + state(applied, ordered),
            e);
      }
      applied.add(object);
      listener.accept(new ManifestEvent.Applied(object.ref(), outcome));
    }
    for (ManifestObject object : applied) {
      if (!cluster.rollsOut(object.kind())) {
        continue;
      }
      try {
        cluster.awaitRollout(object, namespace, rolloutTimeout,
            line -> listener.accept(new ManifestEvent.Progress(line)));
      } catch (ClusterException e) {
        throw new ManifestException(object.ref() + " was applied but did not become ready: "
            + e.getMessage(), e);
      }
    }
    return applied;
  }

  /** {@code applied: a, b; not applied: c, d}. */
  static String state(List<ManifestObject> done, List<ManifestObject> all) {
    List<String> not = all.stream().filter(o -> !done.contains(o)).map(ManifestObject::ref)
        .toList();
    return "applied: " + (done.isEmpty() ? "nothing" : String.join(", ",
        done.stream().map(ManifestObject::ref).toList())) + "; not applied: "
        + String.join(", ", not);
  }
}
