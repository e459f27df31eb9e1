package dev.liveupdate.javaloop;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which running containers can restart their app in place: those whose PID 1 is the live-update
 * supervisor, which creates its control directory when it starts. One small exec per container
 * at session start ({@code test -d}), before the start-up sync lists anything: a container
 * without it gets the dev image rolled out instead, so listing and hashing its files would be for
 * nothing. The check needs no file of ours in the image and does not depend on the start-up
 * action ({@code liveupdate.onStart=none} checks too).
 */
final class Supervisors {

  /** The supervisor's control directory, which it creates at start. */
  static final String CONTROL_DIR = "/opt/liveupdate/control";
  static final List<String> CHECK = List.of("sh", "-c", "test -d \"$1\"", "liveupdate-check",
      CONTROL_DIR);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Supervisors() {}

  /**
   * The containers that run no supervisor, each as {@code pod/container} with why.
   *
   * @throws ClusterException if a container cannot be asked at all
   */
  static List<String> missing(Cluster cluster, List<ContainerRef> containers)
      throws ClusterException, InterruptedException {
    List<String> missing = new ArrayList<>();
    for (ContainerRef container : containers) {
      ExecResult result = cluster.exec(container, CHECK, null, line -> { }, TIMEOUT);
      if (result.exitCode() == 1) {
        missing.add(container.label() + " (no " + CONTROL_DIR + ")");
      } else if (!result.succeeded()) {
        missing.add(container.label() + " (checking for " + CONTROL_DIR + " exited "
            + result.exitCode() + (result.stderrTail().isBlank() ? ""
            : ": " + result.stderrTail().trim()) + ")");
      }
    }
    return missing;
  }
}
