package dev.liveupdate.javaloop;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.sync.Transport;
import dev.liveupdate.sync.Transports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which running containers can restart their app in place: those whose PID 1 is the live-update
 * supervisor, which creates its control directory when it starts. One small exec per container
 * at session start ({@code test -d}), before the start-up sync lists anything: a container
 * without it gets the dev image rolled out instead, so listing and hashing its files would be for
 * nothing. The check needs no file of ours in the image and does not depend on the start-up
 * action ({@code liveupdate.onStart=none} checks too). A container without {@code sh} is asked
 * through the dev image's {@code ListTree} instead ({@link Transport.Java}); one without either
 * runs no dev image, so no supervisor.
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
      if (Transports.missingTool(Transport.SHELL, result.exitCode(), result.stderrTail())
          .isPresent()) {
        result = withoutShell(cluster, container);
      }
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

  /** The check through {@code ListTree}: exit 1 when the directory is absent, as {@code test}. */
  private static ExecResult withoutShell(Cluster cluster, ContainerRef container)
      throws ClusterException, InterruptedException {
    StringBuilder out = new StringBuilder();
    ExecResult listed = cluster.exec(container,
        new Transport.Java(List.of()).listCommand(List.of(CONTROL_DIR)), null, line -> {
          if (!line.stderr()) {
            synchronized (out) {
              out.append(line.text()).append('\n');
            }
          }
        }, TIMEOUT);
    if (!listed.succeeded()) {
      return listed;
    }
    synchronized (out) {
      return new ExecResult(out.toString().startsWith("@root") ? 0 : 1, "");
    }
  }
}
