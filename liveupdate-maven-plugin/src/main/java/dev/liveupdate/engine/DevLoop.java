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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The dev loop: takes batches of changes, plans them, and applies each live update to every
 * running target container. A change is never dropped: when the cluster cannot be reached, no
 * container runs, or a copy fails, the changes stay pending and are tried again (merged with
 * whatever arrives meanwhile) with a growing delay. Runs until its thread is interrupted.
 */
public final class DevLoop {

  private static final Duration IDLE_POLL = Duration.ofSeconds(1);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final ChangeSource source;
  private final Planner planner;
  private final Cluster cluster;
  private final LiveUpdater updater;
  private final DevListener listener;
  private final String target;

  private ChangeBatch pending = ChangeBatch.of(java.util.Set.of(), java.util.Set.of());
  private Duration retryDelay = FIRST_RETRY;
  private long retryAt = Long.MAX_VALUE;
  private int updates;
  private final List<String> failures = new ArrayList<>();

  public DevLoop(ChangeSource source, Planner planner, Cluster cluster, LiveUpdater updater,
      DevListener listener, String target) {
    this.source = source;
    this.planner = planner;
    this.cluster = cluster;
    this.updater = updater;
    this.listener = listener;
    this.target = target;
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
    return new RunSummary(updates, failures, pending.size());
  }

  /** One turn: wait for changes (or a due retry) and apply them; true if changes arrived. */
  boolean step() throws InterruptedException {
    ChangeBatch batch = source.poll(pollTimeout());
    boolean arrived = batch != null && !batch.isEmpty();
    if (arrived) {
      pending = merge(pending, batch);
    } else if (pending.isEmpty() || System.nanoTime() < retryAt) {
      return false;
    }
    apply(pending);
    return arrived;
  }

  private void apply(ChangeBatch batch) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    Plan plan = planner.plan(batch);
    if (plan instanceof Plan.Rebuild rebuild) {
      // The image build is not wired in yet: say so, and still apply what can be synced.
      listener.on(new DevEvent.RebuildNeeded(rebuild.reason()));
      problems.add("needs a full rebuild: " + rebuild.reason());
      plan = planner.livePart(batch);
    }
    if (!(plan instanceof Plan.LiveUpdate update)) {
      finished(problems);
      return;
    }
    List<ContainerRef> containers;
    try {
      containers = cluster.runningContainers();
    } catch (ClusterException e) {
      listener.on(new DevEvent.ClusterUnavailable(e.getMessage(), retryDelay));
      retryLater();
      return;
    }
    if (containers.isEmpty()) {
      listener.on(new DevEvent.NoRunningContainers(target, batch.size()));
      retryLater();
      return;
    }
    List<ContainerUpdater.Outcome> outcomes = updater.apply(update, containers);
    if (outcomes.stream().anyMatch(ContainerUpdater.Outcome::retry)) {
      retryLater();
      return;
    }
    outcomes.stream().filter(o -> !o.updated())
        .forEach(o -> problems.add(o.container().label() + ": " + o.reason()));
    finished(problems);
  }

  /** The batch is done with, well or not: it counts as one update. */
  private void finished(List<String> problems) {
    updates++;
    failures.addAll(problems);
    settled();
  }

  private Duration pollTimeout() {
    if (pending.isEmpty()) {
      return IDLE_POLL;
    }
    long left = retryAt - System.nanoTime();
    return Duration.ofNanos(Math.max(1_000_000L, Math.min(left, IDLE_POLL.toNanos())));
  }

  private void retryLater() {
    retryAt = System.nanoTime() + retryDelay.toNanos();
    retryDelay = retryDelay.multipliedBy(2).compareTo(LONGEST_RETRY) > 0
        ? LONGEST_RETRY : retryDelay.multipliedBy(2);
  }

  private void settled() {
    pending = ChangeBatch.of(java.util.Set.of(), java.util.Set.of());
    retryDelay = FIRST_RETRY;
    retryAt = Long.MAX_VALUE;
  }

  /** A later batch wins for every path it names: written after deleted is written, and so on. */
  static ChangeBatch merge(ChangeBatch earlier, ChangeBatch later) {
    SortedSet<Path> changed = new TreeSet<>(earlier.changed());
    SortedSet<Path> deleted = new TreeSet<>(earlier.deleted());
    changed.removeAll(later.deleted());
    deleted.removeAll(later.changed());
    changed.addAll(later.changed());
    deleted.addAll(later.deleted());
    return new ChangeBatch(changed, deleted);
  }
}
