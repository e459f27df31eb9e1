package dev.liveupdate.javaloop;

import dev.liveupdate.config.Target;
import dev.liveupdate.engine.TargetCluster;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.jib.ImageTargets;
import dev.liveupdate.kube.ClusterAddress;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.PermanentClusterException;
import dev.liveupdate.kube.Workloads;
import io.kubernetes.client.openapi.ApiClient;
import java.util.List;
import java.util.Optional;

/**
 * Finds a Jib module's workload, when {@code <target>} names none, as Tilt and Skaffold find
 * theirs: the Deployment of the namespace whose container runs the repository jib-maven-plugin
 * pushes to ({@link ImageTargets#match}: tags and digests aside, so it still matches once the dev
 * image runs). A {@code <target><container>} narrows it to containers of that name. None or
 * several: the goal fails, saying which images run and what to configure.
 */
final class ImageTarget implements TargetCluster.WorkloadFinder {

  private final String jibImage;
  private final DevListener listener;

  ImageTarget(String jibImage, DevListener listener) {
    this.jibImage = jibImage;
    this.listener = listener;
  }

  @Override
  public Target find(ApiClient client, ClusterAddress address, String namespace, Target partial)
      throws ClusterException {
    List<Workloads.Container> containers = Workloads.containers(client, address, namespace)
        .stream()
        .filter(c -> partial.container().map(c.container()::equals).orElse(true))
        .toList();
    ImageTargets.Match match = ImageTargets.match(jibImage, containers.stream()
        .map(c -> new ImageTargets.Running(c.workload(), c.container(), c.image())).toList());
    if (match instanceof ImageTargets.NotFound notFound) {
      throw new PermanentClusterException("cannot find the workload to update in namespace "
          + namespace + ": " + notFound.message());
    }
    ImageTargets.Found found = (ImageTargets.Found) match;
    Workloads.Container chosen = containers.stream()
        .filter(c -> c.workload().equals(found.workload())
            && c.container().equals(found.container()))
        .findFirst().orElseThrow();
    listener.on(new DevEvent.TargetFound(found.workload(), found.container(), found.image(),
        jibImage));
    return new Target(Optional.of(chosen.name()), Optional.empty(),
        Optional.of(chosen.container()), partial.namespace(), partial.context());
  }
}
