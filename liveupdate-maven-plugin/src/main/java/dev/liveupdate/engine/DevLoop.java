package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Planner;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.watch.ChangeBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The dev loop: takes batches of changes, plans them, and applies each live update to every
 * running target container. A change is never dropped: the loop keeps everything synced since the
 * image was built ({@code history}) and which containers hold all of it ({@code upToDate}, by
 * container ID). A container it has not updated — a new replica, a restarted container, one whose
 * update failed — receives the whole history, deletes included, before it counts as up to date;
 * the loop looks for such containers when the pod watch reports a change (or every 2 s without
 * one), and retries with a growing delay while the
 * cluster or the containers are not there. Runs until its bounds are reached or it is interrupted.
 */
public final class DevLoop {

  private static final Duration IDLE_POLL = Duration.ofMillis(250);
  /** How often an idle loop lists the containers when no pod watch tells it when to. */
  private static final Duration CONVERGE_CHECK = Duration.ofSeconds(2);
  /** With a pod watch, listing while idle is only a safety net. */
  private static final Duration WATCHED_CHECK = Duration.ofSeconds(60);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final ChangeSource source;
  private final Planner planner;
  private final Cluster cluster;
  private final LiveUpdater updater;
  private final DevListener listener;
  private final String target;
  private final Optional<Rebuilder> rebuilder;

  private ChangeBatch history = ChangeBatch.EMPTY;
  private final Set<String> upToDate = new HashSet<>();
  private boolean baselined;
  /** The latest changes, not yet offered to the containers that were up to date. */
  private ChangeBatch fresh = ChangeBatch.EMPTY;
  private final List<String> freshProblems = new ArrayList<>();
  /** Why the image needs a rebuild, until one succeeds; a failed one is tried on every change. */
  private String rebuildReason;
  private boolean rebuildDue;
  private boolean behind;
  private Duration retryDelay = FIRST_RETRY;
  private long nextRoundAt = System.nanoTime() + CONVERGE_CHECK.toNanos();
  private long seenPodChanges = Long.MIN_VALUE;
  private int updates;
  private final List<String> failures = new ArrayList<>();

  public DevLoop(ChangeSource source, Planner planner, Cluster cluster, LiveUpdater updater,
      DevListener listener, String target, Optional<Rebuilder> rebuilder) {
    this.source = source;
    this.planner = planner;
    this.cluster = cluster;
    this.updater = updater;
    this.listener = listener;
    this.target = target;
    this.rebuilder = rebuilder;
  }

  /**
   * Loops until the bounds are reached, or until interrupted (then by throwing
   * {@link InterruptedException}).
   */
  public RunSummary run(RunBounds bounds) throws InterruptedException {
    long lastChange = System.nanoTime();
    while (!bounds.reached(updates, Duration.ofNanos(System.nanoTime() - lastChange))) {
      if (step()) {
        lastChange = System.nanoTime();
      }
    }
    return new RunSummary(updates, failures, behind || !fresh.isEmpty() ? history.size() : 0);
  }

  /** One turn: wait for changes (or a due retry or check) and apply them; true if changes came. */
  boolean step() throws InterruptedException {
    ChangeBatch batch = source.poll(pollTimeout());
    boolean arrived = batch != null && !batch.isEmpty();
    if (arrived) {
      accept(batch);
    } else if (System.nanoTime() < nextRoundAt && !podsChanged()) {
      return false;
    }
    cluster.podChanges().ifPresent(count -> seenPodChanges = count); // what this round sees
    round();
    return arrived;
  }

  /** Whether the pod watch saw a change since the last round (never, without a watch). */
  private boolean podsChanged() {
    OptionalLong count = cluster.podChanges();
    return count.isPresent() && count.getAsLong() != seenPodChanges;
  }

  /** When to list the containers next while nothing happens. */
  private long nextIdleCheck() {
    Duration wait = cluster.podChanges().isPresent() ? WATCHED_CHECK : CONVERGE_CHECK;
    return System.nanoTime() + wait.toNanos();
  }

  private void accept(ChangeBatch batch) {
    Plan plan = planner.plan(batch);
    if (plan instanceof Plan.Rebuild rebuild) {
      if (rebuilder.isPresent()) {
        rebuildReason = rebuild.reason();
      } else {
        // No <image> to build: say so, and still apply what can be synced.
        listener.on(new DevEvent.RebuildNeeded(rebuild.reason()));
        freshProblems.add("needs a full rebuild: " + rebuild.reason());
      }
    }
    rebuildDue = rebuildReason != null;
    ChangeBatch syncable = planner.syncable(batch);
    history = history.followedBy(syncable);
    fresh = fresh.followedBy(syncable);
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
      listener.on(new DevEvent.ClusterUnavailable(e.getMessage(), retryDelay));
      fallBehind();
      return;
    }
    if (!baselined) {
      // Whatever runs before the first sync holds the image as built: nothing to catch up.
      containers.forEach(c -> upToDate.add(c.containerId()));
      baselined = true;
    }
    upToDate.retainAll(containers.stream().map(ContainerRef::containerId).toList());
    boolean hadFresh = !fresh.isEmpty() || !freshProblems.isEmpty();
    Optional<String> unreachable = containers.isEmpty()
        ? Optional.of("no running container of " + target)
        : cluster.stuckContainers().stream().findFirst();
    if (rebuilder.isPresent() && !fresh.isEmpty() && unreachable.isPresent()) {
      // a live update cannot reach it; a new image and rollout may (once per change, not retry)
      rebuildReason = unreachable.get();
      if (rebuildNow(true)) {
        return;
      }
    }
    if (containers.isEmpty() && hadFresh && !fresh.isEmpty()) {
      listener.on(new DevEvent.NoRunningContainers(target, fresh.size()));
      fallBehind();
      return;
    }
    List<LiveUpdater.Assignment> assignments = assignments(containers);
    List<String> problems = new ArrayList<>(freshProblems);
    boolean retry = false;
    if (!assignments.isEmpty()) {
      List<ContainerUpdater.Outcome> outcomes = updater.apply(assignments);
      for (ContainerUpdater.Outcome outcome : outcomes) {
        String id = outcome.container().containerId();
        if (outcome.retry()) {
          upToDate.remove(id);
          retry = true;
        } else {
          // copied, even if a run step then failed (Tilt's rule: the next change runs it again)
          upToDate.add(id);
          if (!outcome.updated()) {
            problems.add(outcome.container().label() + ": " + outcome.reason());
          }
          if (outcome.killed() && rebuilder.isPresent()) {
            rebuildReason = "a run step was killed (exit 137) in " + outcome.container().label();
            rebuildDue = true;
          }
        }
      }
    }
    if (hadFresh) {
      updates++;
      failures.addAll(problems);
    }
    fresh = ChangeBatch.EMPTY;
    freshProblems.clear();
    if (rebuildDue && rebuildNow(false)) {
      return;
    }
    if (retry) {
      fallBehind();
    } else {
      behind = false;
      retryDelay = FIRST_RETRY;
      nextRoundAt = nextIdleCheck();
    }
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
   * The new image holds every change made before its build began: nothing to catch up with. The
   * containers of the rollout are up to date; changes made during the build are still queued in
   * the watcher and arrive as the next batches.
   */
  private void rebuilt(boolean countsAsUpdate) {
    rebuildReason = null;
    history = ChangeBatch.EMPTY;
    fresh = ChangeBatch.EMPTY;
    if (countsAsUpdate) {
      updates++;
    }
    failures.addAll(freshProblems);
    freshProblems.clear();
    upToDate.clear();
    baselined = false;
    behind = false;
    retryDelay = FIRST_RETRY;
    nextRoundAt = nextIdleCheck();
  }

  private List<LiveUpdater.Assignment> assignments(List<ContainerRef> containers) {
    List<LiveUpdater.Assignment> assignments = new ArrayList<>();
    for (ContainerRef container : containers) {
      boolean catchUp = !upToDate.contains(container.containerId());
      Plan plan = planner.livePart(catchUp ? history : fresh);
      if (plan instanceof Plan.LiveUpdate update) {
        assignments.add(new LiveUpdater.Assignment(container, update, catchUp));
      } else {
        upToDate.add(container.containerId()); // nothing to send: it holds everything
      }
    }
    return assignments;
  }

  private void fallBehind() {
    behind = true;
    nextRoundAt = System.nanoTime() + retryDelay.toNanos();
    retryDelay = retryDelay.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
        ? LONGEST_RETRY : retryDelay.multipliedBy(2);
  }

  private Duration pollTimeout() {
    long left = nextRoundAt - System.nanoTime();
    return Duration.ofNanos(Math.max(1_000_000L, Math.min(left, IDLE_POLL.toNanos())));
  }
}
