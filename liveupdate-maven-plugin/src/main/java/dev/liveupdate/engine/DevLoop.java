package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.watch.ChangeBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dev loop: takes batches of changes, decides what they need ({@link UpdatePolicy}), and
 * brings every running target container up to date, rebuilding the image when the policy says so.
 * What each container holds is recorded in a {@link SyncedState}, so no change is dropped: a
 * container that appears later, restarts or missed an update receives what it lacks of what the
 * session has sent (after a start-up sync: whatever differs from the local tree), deletes
 * included. Batches that queue up while an update runs become one update. When to act without a
 * change — a pod event, a retry, an idle check — is the {@link LoopSchedule}'s call, on the
 * injected clock. Runs until its bounds are reached or it is interrupted.
 */
public final class DevLoop {

  private final ChangeSource source;
  private final UpdatePolicy policy;
  private final Cluster cluster;
  private final LiveUpdater updater;
  private final DevListener listener;
  private final String target;
  private final Optional<Rebuilder> rebuilder;
  private final SyncedState state = new SyncedState();
  private final TreeComparison comparison;
  private final LoopSchedule schedule;

  /** Why the latest changes were not all applied, reported with the next update. */
  private final List<String> freshProblems = new ArrayList<>();
  /** Why the image needs a rebuild, until one succeeds; a failed one is tried on every change. */
  private String rebuildReason;
  private boolean rebuildDue;
  private boolean behind;
  private int updates;
  private final List<String> failures = new ArrayList<>();
  private final UpdateReport report;
  private Trigger trigger = Trigger.automatic();
  /** Manual trigger mode: the changes waiting for Enter. */
  private ChangeBatch pending;

  /**
   * @param session what the loop works with: the cluster, the updater, the rebuilder
   * @param clock   the time the schedule runs on: the system's, or a test's
   */
  public DevLoop(ChangeSource source, EngineSession session, InstantSource clock) {
    this.source = source;
    this.policy = session.policy(true, "");
    this.cluster = session.cluster();
    this.updater = session.updater();
    this.listener = session.listener();
    this.target = session.target();
    this.rebuilder = session.rebuilder();
    this.schedule = new LoopSchedule(clock);
    this.comparison = new TreeComparison(session);
    this.report = new UpdateReport(session.config().basedir());
  }

  /**
   * How updates are triggered; automatic when not set.
   *
   * @param stageTimes sees the session's events, to time each update's stages for its summary
   * @param detect     how long the watcher took to deliver the latest batch, when it knows
   */
  public void triggeredBy(Trigger trigger, StageTimes stageTimes,
      java.util.function.Supplier<Optional<Duration>> detect) {
    this.trigger = trigger;
    report.timedBy(stageTimes, detect);
  }

  /**
   * The start-up sync ran before this loop: it sent {@code sent} and brought the containers
   * {@code synced} (IDs) up to date; a container that starts later is compared with the local
   * tree ({@link SyncedState}). Also when it failed: then every container is compared.
   */
  public void startUpSynced(ChangeBatch sent, Set<String> synced) {
    state.startUpSynced(sent, synced);
  }

  /**
   * Loops until the bounds are reached, or until interrupted (then by throwing
   * {@link InterruptedException}).
   */
  public RunSummary run(RunBounds bounds) throws InterruptedException {
    Instant lastChange = schedule.now();
    while (!bounds.reached(updates, Duration.between(lastChange, schedule.now()))) {
      if (step()) {
        lastChange = schedule.now();
      }
    }
    return summary();
  }

  /** How the loop went so far: after {@link #run}, or when it was interrupted (Ctrl-C). */
  public RunSummary summary() {
    return new RunSummary(updates, failures,
        behind || state.hasFresh() ? state.historyCount() : 0);
  }

  /** One turn: wait for changes (or a due round) and apply them; true if changes came. */
  boolean step() throws InterruptedException {
    ChangeBatch batch = source.pollAll(schedule.pollTimeout()); // what queued up: one update
    boolean arrived = batch != null && !batch.isEmpty();
    Optional<Duration> detect = arrived ? report.detected() : Optional.empty();
    boolean requested = trigger.takeRequest();
    if (arrived && trigger.isManual()) { // kept until Enter
      pending = pending == null ? batch : pending.followedBy(batch);
      listener.on(new DevEvent.ChangesPending(report.names(pending)));
      batch = null;
    }
    boolean fullSync = requested && !trigger.isManual();
    if (requested && trigger.isManual()) {
      if (pending == null) {
        listener.on(new DevEvent.ChangesPending(List.of()));
      }
      batch = pending;
      pending = null;
    } else if (fullSync) {
      state.compareAll();
    }
    report.begin();
    if (batch != null) {
      long began = System.nanoTime();
      accept(batch);
      report.planned(began);
    } else if (!fullSync && !schedule.roundDue(cluster.podChanges())) {
      return arrived;
    }
    schedule.roundStarts(cluster.podChanges());
    int before = updates;
    int failedBefore = failures.size();
    round();
    if (updates > before || fullSync) {
      listener.on(report.summary(fullSync ? "full sync of every container (Enter)"
          : batch == null ? "" : report.describe(batch), fullSync,
          failures.size() == failedBefore, detect));
    }
    return arrived;
  }

  private void accept(ChangeBatch batch) {
    UpdatePolicy.Decision decision = policy.decide(batch);
    if (decision.rebuild()) {
      rebuildReason = decision.rebuildReason().orElseThrow();
    } else {
      // Not rebuilding: say so, and still apply what can be synced.
      decision.rebuildReason().ifPresent(reason -> {
        listener.on(policy.needed(reason));
        freshProblems.add("needs a full rebuild: " + reason);
      });
    }
    rebuildDue = rebuildReason != null;
    state.add(decision.syncable());
  }

  /** Brings every running container up to date: the fresh changes, or all of history. */
  private void round() throws InterruptedException {
    if (rebuildDue && rebuildNow(true)) {
      return;
    }
    List<ContainerRef> containers;
    try {
      containers = cluster.runningContainers();
    } catch (ClusterException e) {
      listener.on(new DevEvent.ClusterUnavailable(e.getMessage(), schedule.retryDelay()));
      fallBehind();
      return;
    }
    state.observe(containers);
    boolean hadFresh = state.hasFresh() || !freshProblems.isEmpty();
    Optional<String> unreachable = containers.isEmpty()
        ? Optional.of("no running container of " + target)
        : cluster.stuckContainers().stream().findFirst();
    Optional<String> rebuildFor = policy.rebuildForUnreachable(state.hasFresh(), unreachable);
    if (rebuildFor.isPresent()) {
      // a live update cannot reach it; a new image and rollout may (once per change, not retry)
      rebuildReason = rebuildFor.get();
      if (rebuildNow(true)) {
        return;
      }
    }
    if (containers.isEmpty() && state.hasFresh()) {
      listener.on(new DevEvent.NoRunningContainers(target, state.freshCount(),
          cluster.noneRunning()));
      fallBehind();
      return;
    }
    boolean retry = update(containers, hadFresh);
    state.freshOffered();
    freshProblems.clear();
    if (rebuildDue && rebuildNow(false)) {
      return;
    }
    if (retry) {
      fallBehind();
    } else {
      behind = false;
      schedule.settled(cluster.podChanges().isPresent());
    }
  }

  /**
   * Sends each container what it is owed; true if one must be tried again.
   *
   * @param hadFresh whether this round carries changes (or problems) to count as an update
   */
  private boolean update(List<ContainerRef> containers, boolean hadFresh)
      throws InterruptedException {
    List<LiveUpdater.Assignment> assignments = new ArrayList<>();
    boolean retry = false;
    Map<ContainerRef, ChangeBatch> owed = owed(containers);
    for (ContainerRef container : containers) {
      if (!owed.containsKey(container)) { // it could not be compared now: tried again later
        state.missed(container);
        retry = true;
        continue;
      }
      boolean catchUp = state.catchingUp(container);
      Plan plan = policy.livePart(owed.get(container));
      if (plan instanceof Plan.LiveUpdate update) {
        assignments.add(new LiveUpdater.Assignment(container, update, catchUp));
      } else {
        state.holdsAll(container); // nothing to send: it holds everything
      }
    }
    List<String> problems = new ArrayList<>(freshProblems);
    if (!assignments.isEmpty()) {
      for (ContainerUpdater.Outcome outcome : updater.apply(assignments)) {
        if (outcome.retry()) {
          state.missed(outcome.container());
          retry = true;
          continue;
        }
        // copied, even if a run step then failed (Tilt's rule: the next change runs it again)
        state.holdsAll(outcome.container());
        if (!outcome.updated()) {
          problems.add(outcome.container().label() + ": " + outcome.reason());
        }
        policy.rebuildAfter(outcome).ifPresent(reason -> {
          rebuildReason = reason;
          rebuildDue = true;
        });
      }
    }
    if (hadFresh) {
      updates++;
      failures.addAll(problems);
    }
    return retry;
  }

  /**
   * What each container is owed: the fresh changes, all of history, or — one the session must
   * compare — what differs from the local tree; for one whose listing failed for good (no
   * {@code sha256sum}, say), the history. A container whose listing exec could not run is left
   * out, to be tried again.
   */
  private Map<ContainerRef, ChangeBatch> owed(List<ContainerRef> containers)
      throws InterruptedException {
    List<ContainerRef> unknown = containers.stream().filter(state::needsComparison).toList();
    long began = System.nanoTime();
    Map<ContainerRef, TreeComparison.Result> compared =
        unknown.isEmpty() ? Map.of() : comparison.compare(unknown);
    report.planned(began);
    Map<ContainerRef, ChangeBatch> owed = new LinkedHashMap<>();
    for (ContainerRef container : containers) {
      TreeComparison.Result result = compared.get(container);
      if (result != null && result.compared()) {
        owed.put(container, result.differences());
        continue;
      }
      if (result != null && result.worthRetrying()) {
        listener.on(new DevEvent.ContainerUpdateFailed(container, result.failure(), true,
            result.cause()));
        continue;
      }
      if (result != null) {
        listener.on(new DevEvent.Warning(container.label() + " cannot be compared with the local"
            + " tree (" + result.failure() + "): it gets what this session has sent ("
            + state.historyCount() + " change(s)); files an earlier session sent may be missing"
            + " in it", result.cause()));
      }
      owed.put(container, state.owedTo(container));
    }
    return owed;
  }

  /**
   * Rebuilds for {@link #rebuildReason}; true if the new image runs, else it is retried on the
   * next change.
   *
   * @param countsAsUpdate whether the changes that led here were not counted as an update yet
   */
  private boolean rebuildNow(boolean countsAsUpdate) throws InterruptedException {
    rebuildDue = false;
    if (rebuilder.orElseThrow().rebuild(rebuildReason)) {
      rebuilt(countsAsUpdate);
      return true;
    }
    // the synced part still lands; the next change tries the rebuild again
    freshProblems.add("rebuild failed (" + rebuildReason + ")");
    return false;
  }

  /**
   * The new image holds every change made before its build began. Changes made during the build
   * are still queued in the watcher and arrive as the next batches.
   */
  private void rebuilt(boolean countsAsUpdate) {
    rebuildReason = null;
    state.imageRebuilt();
    if (countsAsUpdate) {
      updates++;
    }
    failures.addAll(freshProblems);
    freshProblems.clear();
    behind = false;
    schedule.settled(cluster.podChanges().isPresent());
  }

  private void fallBehind() {
    behind = true;
    schedule.retryLater();
  }
}
