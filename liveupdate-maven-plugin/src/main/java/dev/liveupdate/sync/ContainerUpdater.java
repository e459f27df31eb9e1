package dev.liveupdate.sync;

import dev.liveupdate.config.RunStep;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies one live update to one container: a single exec that removes the deleted paths and
 * extracts the streamed tar of the copied files (and, when the plan says so, then restarts the
 * app through the live-update supervisor: {@link RestartAfterCopy}), then one {@code sh -c} exec
 * per triggered run step, in order, stopping at the first that fails or outlives the run timeout
 * ({@link RunStepExec}: its processes are then ended, and it is run again only when a file that
 * triggers it changes, as a failing step is). The copy goes through the container's
 * {@link Transport}: {@code sh} and {@code tar}, or, in a dev image without them, its Java
 * receiver ({@link Transports} chooses, from what the first exec says).
 */
public final class ContainerUpdater {

  /** The copy script's exit status when the container has no {@code tar}. */
  public static final int NO_TAR_EXIT = 66;

  /**
   * Checks that {@code tar} is there, reads the paths to remove from stdin, one per line up to an
   * empty line, removes each (a path inside a sync destination), then extracts the tar that
   * follows on stdin at the root. The paths travel as data, never inside the script, and not as
   * arguments either: the exec API carries arguments in the URL, which servers cap (thousands of
   * deletions after a {@code git checkout} would not fit). {@code read} takes one byte at a time
   * from a pipe, so the tar is left whole; that is also why the paths are not NUL-separated:
   * {@code read -d ''} is not POSIX (dash lacks it), and {@code xargs -0} reads ahead into the
   * tar. Instead each path is one line that cannot be split: {@link #encode} writes a backslash
   * as {@code \\} and a line break as {@code \n}, and {@code printf %b} (POSIX; dash, busybox
   * and bash alike) turns a line holding a backslash back into the name. A line cut short by a
   * lost connection ends {@code read} without removing anything. A path that cannot be removed
   * fails the update unless it is gone anyway ({@code rm} says "not a directory" for a path below
   * a file).
   */
  static final String COPY_SCRIPT = String.join("\n",
      "set -e",
      "command -v tar >/dev/null || { echo 'no tar in the PATH' >&2; exit " + NO_TAR_EXIT + "; }",
      "while IFS= read -r p && [ -n \"$p\" ]; do",
      "  case $p in *\\\\*) p=$(printf '%bx' \"$p\"); p=${p%x};; esac",
      "  rm -rf -- \"$p\" 2>/dev/null || { [ ! -e \"$p\" ] && [ ! -L \"$p\" ]; } \\",
      "    || { echo \"cannot remove $p\" >&2; exit 1; }",
      "done",
      "exec tar -xf - -C /");

  /** A container path as one line the copy script reads back whole (see {@link #COPY_SCRIPT}). */
  static String encode(String path) {
    return path.replace("\\", "\\\\").replace("\n", "\\n");
  }

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
  private final RunStepExec steps;
  private final Transports transports;
  /**
   * Containers (by ID) that cannot take a live update at all, with why: said once, then skipped.
   * A new container (a restart, a new image) is tried afresh.
   */
  private final Map<String, String> unable = new ConcurrentHashMap<>();

  /** @param runTimeout the longest a run step may take; positive */
  public ContainerUpdater(Cluster cluster, DevListener listener, Duration copyTimeout,
      Duration runTimeout) {
    this(cluster, listener, copyTimeout, runTimeout, new Transports(cluster, List.of()));
  }

  /** @param transports each container's transport ({@link Transport}), shared with the listings */
  public ContainerUpdater(Cluster cluster, DevListener listener, Duration copyTimeout,
      Duration runTimeout, Transports transports) {
    this.cluster = cluster;
    this.transports = transports;
    this.listener = listener;
    this.copyTimeout = copyTimeout;
    this.steps = new RunStepExec(cluster, listener, runTimeout);
  }

  /**
   * Updates one container.
   *
   * @param retried whether the caller tries a failed container again (the dev loop) or not (a
   *                one-shot sync): a failure is reported as one or the other
   */
  public Outcome update(ContainerRef container, Plan.LiveUpdate plan, boolean retried)
      throws InterruptedException {
    String unableWhy = unable.get(container.containerId());
    if (unableWhy != null) {
      // said once when it was found; the caller still counts the update as not applied
      return new Outcome(container, false, false, unableWhy, false, null);
    }
    long start = System.nanoTime();
    Optional<RestartAfterCopy> restart = RestartAfterCopy.of(plan);
    Transport transport = transports.of(container);
    try {
      ExecResult copy = copy(container, plan, restart, transport);
      Optional<RestartAfterCopy.Result> restarted = restart.flatMap(RestartAfterCopy::result);
      if (!copy.succeeded() && restarted.isEmpty()) {
        Optional<String> missing =
            Transports.missingTool(transport, copy.exitCode(), copy.stderrTail());
        if (missing.isPresent()) {
          return fallBack(container, plan, retried, transport, missing.get());
        }
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
        if (!restart.get().passed().isEmpty()) {
          listener.on(new DevEvent.ReloadEscalated(container, "not hot-swapped",
              restart.get().passed()));
        }
        for (RestartAfterCopy.Result rung : restart.get().escalated()) {
          listener.on(new DevEvent.ReloadEscalated(container, rung.level().kind() + " "
              + rung.status(), rung.message()));
        }
        listener.on(new DevEvent.AppRestarted(container, answer.status(), answer.millis(),
            ReloadWords.of(answer)));
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
        String step = "[CMD " + (i + 1) + "/" + runs.size() + "] " + command;
        RunStepExec.Result run = steps.run(container, command);
        if (run instanceof RunStepExec.TimedOut late) {
          // as a failing step: reported once, run again when a file that triggers it changes
          return failed(container, false, step + " did not finish within "
              + late.timeout().toSeconds() + " s; " + late.stopped(), false, late.cause(),
              retried);
        }
        int exit = ((RunStepExec.Exited) run).exitCode();
        if (exit != 0) {
          // Tilt's rule: a failing run step fails the update; no rebuild, the next change retries.
          // Killed (137) is different: the container is in no state to be updated in place.
          return failed(container, false, step + " exited with " + exit, exit == 137, null,
              retried);
        }
      }
    } catch (ClusterException e) {
      if (Transports.notFound(e.getMessage())) {
        return fallBack(container, plan, retried, transport, transport.program());
      }
      return failed(container, true, e.getMessage(), false, e, retried);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    listener.on(new DevEvent.ContainerUpdated(container, took));
    return new Outcome(container, true, false, "", false, null);
  }

  private ExecResult copy(ContainerRef container, Plan.LiveUpdate plan,
      Optional<RestartAfterCopy> restart, Transport transport)
      throws ClusterException, InterruptedException {
    List<String> command = transport.copyCommand(restart);
    List<String> skipped = new ArrayList<>();
    List<String> removals = new ArrayList<>(plan.deletes());
    removals.addAll(TarStreamer.refusedSymlinks(plan.copies()));
    ExecResult result = cluster.exec(container, command,
        stdin -> {
          transport.writeRemovals(removals, stdin);
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
        restart.isPresent() ? copyTimeout.plus(RestartAfterCopy.WAIT) : copyTimeout);
    skipped.forEach(why -> listener.on(new DevEvent.Warning(why)));
    return result;
  }

  /**
   * {@code transport} lacks {@code tool}: the update goes again through the Java transport when
   * the container has the dev image's receiver ({@link Transports}); else a permanent condition,
   * said once and not tried again in this container.
   */
  private Outcome fallBack(ContainerRef container, Plan.LiveUpdate plan, boolean retried,
      Transport transport, String tool) throws InterruptedException {
    Transports.Fallback fallback = transports.fallBack(container, transport, tool);
    if (fallback.transport().isPresent()) {
      return update(container, plan, retried);
    }
    String why = fallback.why() + ": a permanent condition, not tried again in this container; "
        + Transports.FIX;
    unable.put(container.containerId(), "not updated: it has no '" + tool + "' (said above)");
    listener.on(new DevEvent.ContainerUpdateFailed(container, why, false, null));
    return new Outcome(container, false, false, why, false, null);
  }

  private Outcome failed(ContainerRef container, boolean retry, String reason, boolean killed,
      Throwable cause, boolean retried) {
    listener.on(new DevEvent.ContainerUpdateFailed(container, reason, retry && retried, cause));
    return new Outcome(container, false, retry, reason, killed, cause);
  }
}
