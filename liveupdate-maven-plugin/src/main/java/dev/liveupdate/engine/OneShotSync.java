package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.plan.FileCopy;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Planner;
import dev.liveupdate.sync.ContainerListing;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.sync.LocalTree;
import dev.liveupdate.sync.TreeDiff;
import dev.liveupdate.sync.TreeEntry;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.ignore.ModuleIgnores;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code liveupdate:sync}: brings every running target container up to date with the local tree,
 * once. Per container: one exec lists the destinations with content hashes
 * ({@link ContainerListing}), the difference with the local tree ({@link TreeDiff}) is planned as
 * the dev loop plans a batch of changes ({@link Planner}), and applied through the same
 * {@link LiveUpdater}: one exec that deletes and extracts, then the triggered run steps.
 * Containers whose plans are equal (replicas of one image, the usual case) are updated together.
 *
 * <p>Nothing is retried: a failure is reported in the {@link Report}, and the caller fails.
 */
public final class OneShotSync {

  /**
   * How the sync ended.
   *
   * @param failures       one line per container that could not be brought up to date (or why
   *                       none could be); empty when all were
   * @param rebuildReasons why some differences could not be live-updated (a path matching
   *                       {@code <fallBackOn>}); the rest was applied
   */
  public record Report(List<String> failures, List<String> rebuildReasons) {
    public Report {
      failures = List.copyOf(failures);
      rebuildReasons = List.copyOf(rebuildReasons);
    }
  }

  private final LiveUpdateConfig config;
  private final Cluster cluster;
  private final String target;
  private final DevListener listener;
  private final Duration copyTimeout;
  private final Duration runTimeout;

  /**
   * @param target the target as printed in messages ({@code deployment/api in namespace default})
   */
  public OneShotSync(LiveUpdateConfig config, Cluster cluster, String target,
      DevListener listener, Duration copyTimeout, Duration runTimeout) {
    this.config = config;
    this.cluster = cluster;
    this.target = target;
    // Nothing is tried again in a one-shot sync, whatever the updater would do in the loop.
    this.listener = event -> listener.on(event instanceof DevEvent.ContainerUpdateFailed f
        ? new DevEvent.ContainerUpdateFailed(f.container(), f.reason(), false) : event);
    this.copyTimeout = copyTimeout;
    this.runTimeout = runTimeout;
  }

  /**
   * Runs the sync.
   *
   * @throws ClusterException if the running containers cannot be found
   * @throws IOException      if the local tree cannot be read
   */
  public Report run() throws ClusterException, IOException, InterruptedException {
    List<ContainerRef> containers = cluster.runningContainers();
    if (containers.isEmpty()) {
      return new Report(List.of("no running container of " + target
          + ": start the workload (or check <target>) and sync again"), List.of());
    }
    List<String> destinations = config.syncs().stream().map(SyncRule::to).toList();
    listener.on(new DevEvent.SyncStarted(target, containers.size(), destinations));
    IgnoreRules ignores = ModuleIgnores.forSyncs(config);
    LocalTree local = LocalTree.scan(config, ignores);
    List<String> failures = new ArrayList<>();
    Set<String> rebuildReasons = new LinkedHashSet<>();
    Planner planner = new Planner(config);
    Map<Plan.LiveUpdate, List<ContainerRef>> groups = new LinkedHashMap<>();
    Map<ContainerRef, TreeDiff> diffs = new LinkedHashMap<>();
    Map<ContainerRef, Boolean> rebuilds = new LinkedHashMap<>();
    Map<ContainerRef, Listing> listings =
        list(containers, ContainerListing.outermost(destinations));
    for (ContainerRef container : containers) {
      Listing listing = listings.get(container);
      if (listing.entries() == null) {
        listener.on(new DevEvent.ContainerUpdateFailed(container, listing.failure(), false));
        failures.add(container.label() + ": " + listing.failure());
        continue;
      }
      TreeDiff diff = TreeDiff.between(config, ignores, local, listing.entries());
      Plan plan = planner.plan(diff.batch());
      if (plan instanceof Plan.Rebuild rebuild) {
        // The seam for image rebuilds: for now, say so and apply what can be synced.
        if (rebuildReasons.add(rebuild.reason())) {
          listener.on(new DevEvent.RebuildNeeded(rebuild.reason()));
        }
        rebuilds.put(container, true);
        plan = planner.livePart(diff.batch());
      }
      diffs.put(container, diff);
      if (plan instanceof Plan.LiveUpdate update) {
        groups.computeIfAbsent(update, u -> new ArrayList<>()).add(container);
      } else {
        synced(container, null, diff, rebuilds.containsKey(container));
      }
    }
    try (LiveUpdater updater = new LiveUpdater(
        new ContainerUpdater(cluster, listener, copyTimeout, runTimeout), listener)) {
      List<LiveUpdater.Assignment> assignments = new ArrayList<>();
      groups.forEach((plan, group) -> group.forEach(
          c -> assignments.add(new LiveUpdater.Assignment(c, plan, false))));
      List<ContainerUpdater.Outcome> outcomes = updater.apply(assignments);
      for (int i = 0; i < outcomes.size(); i++) {
        ContainerUpdater.Outcome outcome = outcomes.get(i);
        if (outcome.updated()) {
          synced(outcome.container(), assignments.get(i).plan(), diffs.get(outcome.container()),
              rebuilds.containsKey(outcome.container()));
        } else {
          failures.add(outcome.container().label() + ": " + outcome.reason());
        }
      }
    }
    return new Report(failures, List.copyOf(rebuildReasons));
  }

  private void synced(ContainerRef container, Plan.LiveUpdate plan, TreeDiff diff,
      boolean rebuildNeeded) {
    int copied = plan == null ? 0 : plan.copies().size();
    Set<String> replaced = new LinkedHashSet<>();
    if (plan != null) {
      plan.copies().stream().map(FileCopy::containerPath).forEach(replaced::add);
    }
    int deleted = plan == null ? 0
        : (int) plan.deletes().stream().filter(p -> !replaced.contains(p)).count();
    listener.on(new DevEvent.ContainerSynced(container, copied, deleted, diff.upToDate(),
        rebuildNeeded));
  }

  /** What a container holds below the destinations, or why that could not be read. */
  private record Listing(SortedMap<String, TreeEntry> entries, String failure) {
    static Listing failed(String why) {
      return new Listing(null, why);
    }
  }

  /** Each container's listing, all containers at once. */
  private Map<ContainerRef, Listing> list(List<ContainerRef> containers, List<String> roots)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(containers.size(), 8), task -> {
      Thread thread = new Thread(task, "liveupdate-listing");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<ContainerRef, Future<Listing>> futures = new LinkedHashMap<>();
      for (ContainerRef container : containers) {
        futures.put(container, pool.submit(() -> listOne(container, roots)));
      }
      Map<ContainerRef, Listing> listings = new LinkedHashMap<>();
      for (Map.Entry<ContainerRef, Future<Listing>> e : futures.entrySet()) {
        try {
          listings.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          listings.put(e.getKey(), Listing.failed("listing its files failed: "
              + cause.getClass().getSimpleName() + ": " + cause.getMessage()));
        }
      }
      return listings;
    } finally {
      pool.shutdownNow();
    }
  }

  private Listing listOne(ContainerRef container, List<String> roots) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    ExecResult result;
    try {
      result = cluster.exec(container, ContainerListing.command(roots), null, line -> {
        if (!line.stderr()) {
          synchronized (lines) {
            lines.add(line.text());
          }
        }
      }, copyTimeout);
    } catch (ClusterException e) {
      return Listing.failed("cannot list its files below " + String.join(", ", roots) + ": "
          + e.getMessage());
    }
    if (result.exitCode() == ContainerListing.LINE_BREAK_EXIT) {
      return Listing.failed(result.stderrTail().replace('\n', ' ').trim());
    }
    if (!result.succeeded()) {
      return Listing.failed("listing its files below " + String.join(", ", roots)
          + " failed (exit " + result.exitCode() + ")" + (result.stderrTail().isBlank() ? ""
          : ": " + result.stderrTail().replace('\n', ' ').trim()));
    }
    try {
      synchronized (lines) {
        return new Listing(ContainerListing.parse(List.copyOf(lines)), null);
      }
    } catch (IllegalArgumentException e) {
      return Listing.failed(e.getMessage());
    }
  }
}
