package dev.liveupdate.event;

import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.FileCopy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the live-update engine reports. The engine never logs: the mojo renders these events (every
 * type; a test fails when one has no rendering), and tests assert on them. A {@code cause}, where
 * an event has one, is the failure behind it, kept for {@code -X}; null when there is none.
 */
public sealed interface DevEvent {

  /** How much a line matters: the level it is rendered at. */
  enum Level { INFO, WARNING, ERROR }

  /**
   * A goal is about to talk to the cluster: the kubeconfig says where it is. Nothing was sent
   * yet.
   */
  record Connecting(String server, String context, String namespace) implements DevEvent {}

  /**
   * The start-up is done and the watcher is up: these roots are watched. {@code startup} is the
   * whole start-up (connecting, checking the target, the start-up sync or build, the watcher),
   * {@code watcher} the watcher's own part of it.
   */
  record Watching(List<Path> roots, String target, Duration startup, Duration watcher,
      int folders, int files) implements DevEvent {}

  /**
   * At start, the target has no container to update yet, for a reason that may pass (the cluster
   * unreachable, 0 replicas, pods not running yet): {@code waitingFor} says which. Changes are kept
   * and applied once a container runs; {@code startupSyncSkipped} when the start-up sync could not
   * be made for it.
   */
  record NotReady(String waitingFor, boolean startupSyncSkipped) implements DevEvent {}

  /** The start-up sync failed as a whole (not one container's part of it: those fail apart). */
  record StartupSyncFailed(String reason, Throwable cause) implements DevEvent {}

  /**
   * A {@code dev} session ended: by its bounds, or stopped (Ctrl-C). {@code problems} lists every
   * failure of the session, one line each; empty when everything was applied.
   */
  record SessionEnded(int updates, int rebuilds, List<String> problems, boolean stopped)
      implements DevEvent {}

  /** A warning that does not stop the loop (a file that cannot be copied, a watch that failed). */
  record Warning(String message, Throwable cause) implements DevEvent {
    public Warning(String message) {
      this(message, null);
    }
  }

  /**
   * Something the engine recovered from by itself and the user need not act on (a pod watch that
   * reconnects); rendered for {@code -X} only, with the stack of its cause.
   */
  record Diagnostic(String message, Throwable cause) implements DevEvent {}

  /**
   * A change cannot be live-updated and no rebuild is made for it: the image needs one. The rest
   * is still live-updated; {@code remedy} says how to have rebuilds made.
   */
  record RebuildNeeded(String reason, String remedy) implements DevEvent {}

  /** A full rebuild starts: image build, push, rollout. */
  record RebuildStarted(String reason) implements DevEvent {}

  /** A line about the rebuild's progress: the image build's milestones, the rollout's status. */
  record RebuildProgress(String line, Level level) implements DevEvent {}

  /** The new image runs: the Deployment was rolled out to it. */
  record RebuildFinished(String image, Duration build, Duration total) implements DevEvent {}

  /** The rebuild failed; the loop goes on and the next change tries it again. */
  record RebuildFailed(String reason, Throwable cause) implements DevEvent {}

  /**
   * No running container of the target: the changes are kept and tried again; {@code waitingFor}
   * says what for ({@code deployment/api … has 0 replicas: waiting for it to be scaled up}).
   */
  record NoRunningContainers(String target, int pendingChanges, String waitingFor)
      implements DevEvent {}

  /** The cluster could not be asked or told: the changes are kept and tried again. */
  record ClusterUnavailable(String reason, Duration retryIn) implements DevEvent {}

  /**
   * An update starts: these files go to, and these paths are removed from, these containers.
   * {@code catchUp}: the containers are new (a new replica, a restart) or missed an update, and
   * receive what they lack (see the dev loop's {@code SyncedState}).
   */
  record UpdateStarted(List<FileCopy> copies, List<String> deletes, List<ContainerRef> containers,
      boolean catchUp) implements DevEvent {}

  /** A run step starts in one container ({@code index} counts from 1). */
  record RunStepStarted(ContainerRef container, int index, int total, String command)
      implements DevEvent {}

  /** A line printed by a command in a container. */
  record CommandOutput(ContainerRef container, String line, boolean stderr) implements DevEvent {}

  /** One container received the whole update, its run steps included. */
  record ContainerUpdated(ContainerRef container, Duration took) implements DevEvent {}

  /** One container did not; {@code retried} says whether its changes are kept for another try. */
  record ContainerUpdateFailed(ContainerRef container, String reason, boolean retried,
      Throwable cause) implements DevEvent {
    public ContainerUpdateFailed(ContainerRef container, String reason, boolean retried) {
      this(container, reason, retried, null);
    }
  }

  /** Every container of the update is done, well or not. */
  record UpdateFinished(int updated, int failed, Duration took) implements DevEvent {}

  /** A one-shot sync starts: it compares these many running containers of the target. */
  record SyncStarted(String target, int containers, List<String> destinations)
      implements DevEvent {}

  /**
   * A one-shot sync brought one container up to date: it sent {@code copied} files and links,
   * removed {@code deleted} paths, and found {@code upToDate} already equal. When
   * {@code rebuildNeeded}, some differences were left out: they need an image rebuild.
   */
  record ContainerSynced(ContainerRef container, int copied, int deleted, int upToDate,
      boolean rebuildNeeded) implements DevEvent {}

  /**
   * The workload to update was found by the image a Jib module pushes: its Deployment's
   * {@code container} runs {@code image}, of the repository of {@code jibImage}.
   */
  record TargetFound(String workload, String container, String image, String jibImage)
      implements DevEvent {}

  /**
   * Changed sources were compiled, and changed resources copied, into the module's output
   * directory; what changed there is what the update syncs.
   *
   * @param sources source files javac compiled, dependents included
   * @param written class files and resources written
   * @param deleted class files and resources deleted
   * @param took    the compile and the copy
   * @param note    what else to know (the whole module compiled, and why; sources an IDE had
   *                compiled already); empty when nothing
   */
  record Compiled(int sources, int written, int deleted, Duration took, String note)
      implements DevEvent {}

  /**
   * javac reported errors: the output directory is as it was, and nothing of the change is synced
   * until the sources compile.
   *
   * @param errors the errors as javac prints them ({@code File.java:12: error: ...}, the line,
   *               the caret), then javac's count
   */
  record CompileFailed(String errors) implements DevEvent {}

  /**
   * The app's restart in a container, after an update's files were copied, as the live-update
   * supervisor answered it: {@code status} {@code ok} (the new app is ready), {@code crashed}
   * (the new app exited: the code broke it), {@code notready}, {@code failed}, or the client's
   * {@code unavailable} (no supervisor runs) and {@code timeout}.
   *
   * @param millis  from the supervisor taking the request to its answer
   * @param message the supervisor's words: {@code restarted app in 812 ms: pid 130 listening on 8080}
   */
  record AppRestarted(ContainerRef container, String status, long millis, String message)
      implements DevEvent {

    /** The app runs the new code. */
    public boolean ok() {
      return status.equals("ok");
    }
  }

  /** A line of a target container's log ({@code -Dliveupdate.logs=false} turns them off). */
  record PodLog(String pod, String container, String line) implements DevEvent {}

  /**
   * A local port forwards to this pod's port now: at start, and when it {@code moved} to another
   * Ready pod because its pod went away.
   */
  record PortForwarding(int localPort, String pod, int remotePort, boolean moved)
      implements DevEvent {}

  /**
   * Manual trigger mode: changes wait until Enter is pressed; {@code paths} are every change
   * waiting now (local paths relative to the module where they are in it).
   */
  record ChangesPending(List<String> paths) implements DevEvent {}

  /**
   * One update, summed up in one line: what changed, the path it took ({@code live update},
   * {@code live update + run steps}, {@code restart}, {@code rebuild (reason)}, {@code full sync}),
   * how it ended, and the time of each stage in order ({@code detect}, {@code plan}, {@code copy},
   * {@code runs}, {@code rollout}; a stage the update did not go through is absent).
   */
  record UpdateSummary(String changed, String path, boolean ok, List<Stage> stages)
      implements DevEvent {
    public UpdateSummary {
      stages = List.copyOf(stages);
    }
  }

  /** One stage of an update and how long it took. */
  record Stage(String name, Duration took) {}

  /**
   * A cheaper rung of the reload ladder did not serve the update, which went on to the next: one
   * passed over before trying ({@code not hot-swapped}, {@code Foo: method added}), or one that
   * answered that it could not ({@code hotswap unsupported}, the agent's words).
   */
  record ReloadEscalated(ContainerRef container, String rung, String why) implements DevEvent {}
}
