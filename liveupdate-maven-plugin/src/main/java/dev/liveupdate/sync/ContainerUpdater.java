package dev.liveupdate.sync;

import dev.liveupdate.config.RunStep;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.plan.Plan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies one live update to one container: a single exec that removes the deleted paths and
 * extracts the streamed tar of the copied files (and, when the plan says so, then restarts the
 * app through the live-update supervisor: {@link RestartAfterCopy}), then one {@code sh -c} exec
 * per triggered run step, in order, stopping at the first that fails.
 */
public final class ContainerUpdater {

  /**
   * Reads the paths to remove from stdin, one per line up to an empty line, removes each (a path
   * inside a sync destination), then extracts the tar that follows on stdin at the root. The paths
   * travel as data, never inside the script, and not as arguments either: the exec API carries
   * arguments in the URL, which servers cap (thousands of deletions after a {@code git checkout}
   * would not fit). {@code read} takes one byte at a time from a pipe, so the tar is left whole.
   * A path that cannot be removed fails the update unless it is gone anyway ({@code rm} says "not a
   * directory" for a path below a file).
   */
  static final String COPY_SCRIPT = String.join("\n",
      "set -e",
      "while IFS= read -r p && [ -n \"$p\" ]; do",
      "  rm -rf -- \"$p\" 2>/dev/null || { [ ! -e \"$p\" ] && [ ! -L \"$p\" ]; } \\",
      "    || { echo \"cannot remove $p\" >&2; exit 1; }",
      "done",
      "exec tar -xf - -C /");

  /**
   * How one container's update ended.
   *
   * @param retry  the container may take the update later (the copy failed, not a run step)
   * @param killed a run step was killed (exit 137: out of memory, or the container going away)
   * @param cause  the failure behind {@code reason}, for {@code -X}; null when there is none
   */
  public record Outcome(ContainerRef container, boolean updated, boolean retry, String reason,
      boolean killed, Throwable cause) {}

  private final Cluster cluster;
  private final DevListener listener;
  private final Duration copyTimeout;
  private final Duration runTimeout;

  public ContainerUpdater(Cluster cluster, DevListener listener, Duration copyTimeout,
      Duration runTimeout) {
    this.cluster = cluster;
    this.listener = listener;
    this.copyTimeout = copyTimeout;
    this.runTimeout = runTimeout;
  }

  /**
   * Updates one container.
   *
   * @param retried whether the caller tries a failed container again (the dev loop) or not (a
   *                one-shot sync): a failure is reported as one or the other
   */
  public Outcome update(ContainerRef container, Plan.LiveUpdate plan, boolean retried)
      throws InterruptedException {
    long start = System.nanoTime();
    Optional<RestartAfterCopy> restart = RestartAfterCopy.of(plan);
    try {
      ExecResult copy = copy(container, plan, restart);
      Optional<RestartAfterCopy.Result> restarted = restart.flatMap(RestartAfterCopy::result);
      if (!copy.succeeded() && restarted.isEmpty()) {
        return failed(container, true, "copying files failed (exit " + copy.exitCode() + ")"
            + (copy.stderrTail().isBlank() ? "" : ": " + copy.stderrTail()), false, null,
            retried);
      }
      if (restart.isPresent() && restarted.isEmpty()) {
        return failed(container, false, "the files were copied, but the app's restart gave no "
            + "answer (exit " + copy.exitCode() + ")", false, null, retried);
      }
      if (restarted.isPresent()) {
        RestartAfterCopy.Result answer = restarted.get();
        listener.on(new DevEvent.AppRestarted(container, answer.status(), answer.millis(),
            answer.message()));
        if (!answer.ok()) {
          // the files are in; the app is what failed (not the transport): no retry, the next
          // change restarts it again
          return new Outcome(container, false, false, "the app's restart ended '"
              + answer.status() + "': " + answer.message(), false, null);
        }
      }
      List<RunStep> runs = plan.runs();
      for (int i = 0; i < runs.size(); i++) {
        String command = runs.get(i).command();
        listener.on(new DevEvent.RunStepStarted(container, i + 1, runs.size(), command));
        ExecResult run = cluster.exec(container, List.of("sh", "-c", command), null,
            line -> listener.on(new DevEvent.CommandOutput(container, line.text(), line.stderr())),
            runTimeout);
        if (!run.succeeded()) {
          // Tilt's rule: a failing run step fails the update; no rebuild, the next change retries.
          // Killed (137) is different: the container is in no state to be updated in place.
          return failed(container, false,
              "[CMD " + (i + 1) + "/" + runs.size() + "] " + command + " exited with "
                  + run.exitCode(), run.exitCode() == 137, null, retried);
        }
      }
    } catch (ClusterException e) {
      return failed(container, true, e.getMessage(), false, e, retried);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    listener.on(new DevEvent.ContainerUpdated(container, took));
    return new Outcome(container, true, false, "", false, null);
  }

  private ExecResult copy(ContainerRef container, Plan.LiveUpdate plan,
      Optional<RestartAfterCopy> restart) throws ClusterException, InterruptedException {
    List<String> command = restart.map(r -> r.command(COPY_SCRIPT))
        .orElse(List.of("sh", "-c", COPY_SCRIPT));
    List<String> skipped = new ArrayList<>();
    StringBuilder deletes = new StringBuilder();
    List<String> removals = new ArrayList<>(plan.deletes());
    removals.addAll(TarStreamer.refusedSymlinks(plan.copies()));
    for (String path : removals) {
      if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
        skipped.add(path + ": a name with a line break cannot be removed; not deleted");
      } else {
        deletes.append(path).append('\n');
      }
    }
    byte[] header = deletes.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    ExecResult result = cluster.exec(container, command,
        stdin -> {
          stdin.write(header);
          TarStreamer.Result sent = TarStreamer.write(plan.copies(), stdin);
          skipped.addAll(sent.skipped());
          if (!sent.gone().isEmpty()) {
            skipped.add(sent.gone().size() + " file(s) were deleted or replaced before they could"
                + " be sent (" + sent.gone().get(0) + (sent.gone().size() > 1 ? ", …" : "")
                + "); the next update carries what became of them");
          }
        },
        line -> {
          if (restart.isEmpty() || !restart.get().take(line)) {
            listener.on(new DevEvent.CommandOutput(container, line.text(), line.stderr()));
          }
        },
        copyTimeout);
    skipped.forEach(why -> listener.on(new DevEvent.Warning(why)));
    return result;
  }

  private Outcome failed(ContainerRef container, boolean retry, String reason, boolean killed,
      Throwable cause, boolean retried) {
    listener.on(new DevEvent.ContainerUpdateFailed(container, reason, retry && retried, cause));
    return new Outcome(container, false, retry, reason, killed, cause);
  }
}
