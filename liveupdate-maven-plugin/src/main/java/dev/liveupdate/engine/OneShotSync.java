package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.FileCopy;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.sync.ContainerListing;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.sync.LocalTree;
import dev.liveupdate.sync.TreeDiff;
import dev.liveupdate.watch.ChangeBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code liveupdate:sync}: brings every running target container up to date with the local tree,
 * once. Per container: one exec lists the destinations with content hashes
 * ({@link ContainerListing}), the difference with the local tree ({@link TreeDiff}) is decided on
 * by the same {@link UpdatePolicy} as the dev loop's batches, and applied through the session's
 * {@link LiveUpdater}: one exec that deletes and extracts, then the triggered run steps.
 * Containers whose plans are equal (replicas of one image, the usual case) are updated together.
 * A difference that needs a rebuild (a path matching {@code <fallBackOn>}) leaves the rest to be
 * applied; when every container was synced and the policy allows it, the image is then rebuilt
 * and rolled out, once, for all the reasons found.
 *
 * <p>Nothing is retried: a failure is reported in the {@link Report}, and the caller fails.
 */
public final class OneShotSync {

  /** Whether the sync led to a rebuild. */
  public enum Rebuild {
    /** No difference needed one. */
    NONE,
    /** Some did ({@link Report#rebuildReasons()}), and none was made. */
    NEEDED,
    /** The image was rebuilt and rolled out. */
    DONE,
    /** The rebuild or its rollout failed; the events said why. */
    FAILED
  }

  /**
   * How the sync ended.
   *
   * @param failures       one line per container that could not be brought up to date (or why
   *                       none could be); empty when all were
   * @param rebuildReasons why some differences could not be live-updated (a path matching
   *                       {@code <fallBackOn>}); the rest was applied
   * @param rebuild        whether a rebuild was made for them
   * @param causes         the failures behind {@code failures}, where there were any, for
   *                       {@code -e}
   * @param sent           what was sent, to any container: the local paths copied and deleted
   * @param synced         the IDs of the containers brought up to date with the local tree
   */
  public record Report(List<String> failures, List<String> rebuildReasons, Rebuild rebuild,
      List<Throwable> causes, ChangeBatch sent, Set<String> synced) {
    public Report {
      failures = List.copyOf(failures);
      rebuildReasons = List.copyOf(rebuildReasons);
      causes = List.copyOf(causes);
      synced = Set.copyOf(synced);
    }
  }

  private final EngineSession session;
  private final UpdatePolicy policy;
  private final LiveUpdateConfig config;
  private final Cluster cluster;
  private final DevListener listener;
  private final List<Throwable> causes = new ArrayList<>();
  private final Set<String> synced = new LinkedHashSet<>();

  /** @param policy whether a difference needing a rebuild has the image rebuilt */
  public OneShotSync(EngineSession session, UpdatePolicy policy) {
    this.session = session;
    this.policy = policy;
    this.config = session.config();
    this.cluster = session.cluster();
    this.listener = session.listener();
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
      return new Report(List.of("no running container of " + session.target()
          + ": start the workload (or check <target>) and sync again"), List.of(), Rebuild.NONE,
          List.of(), ChangeBatch.EMPTY, Set.of());
    }
    // a destination the sync does not own (Jib's extra directories, often /) is not listed:
    // its files are sent whatever the container holds, and nothing there is deleted
    List<String> destinations = config.syncs().stream().filter(SyncRule::ownsDestination)
        .map(SyncRule::to).toList();
    listener.on(new DevEvent.SyncStarted(session.target(), containers.size(), destinations));
    LocalTree local = LocalTree.scan(config, session.ignores());
    local.skipped().forEach(why -> listener.on(new DevEvent.Warning("sync: " + why)));
    List<String> failures = new ArrayList<>();
    Set<String> rebuildReasons = new LinkedHashSet<>();
    Map<Plan.LiveUpdate, List<ContainerRef>> groups = new LinkedHashMap<>();
    Map<ContainerRef, TreeDiff> diffs = new LinkedHashMap<>();
    Map<ContainerRef, Boolean> rebuilds = new LinkedHashMap<>();
    Map<ContainerRef, ChangeBatch> owed = new LinkedHashMap<>();
    Map<ContainerRef, ContainerListings.Listing> listings = new ContainerListings(cluster, session.transports())
        .list(containers, ContainerListing.outermost(destinations));
    for (ContainerRef container : containers) {
      ContainerListings.Listing listing = listings.get(container);
      if (listing.entries() == null) {
        listener.on(new DevEvent.ContainerUpdateFailed(container, listing.failure(), false,
            listing.cause()));
        failures.add(container.label() + ": " + listing.failure());
        keep(listing.cause());
        continue;
      }
      TreeDiff diff = TreeDiff.between(config, session.ignores(), local, listing.entries());
      UpdatePolicy.Decision decision = policy.decide(diff.batch());
      if (decision.rebuildReason().isPresent()) {
        String reason = decision.rebuildReason().get();
        if (rebuildReasons.add(reason) && !decision.rebuild()) {
          listener.on(policy.needed(reason));
        }
        rebuilds.put(container, true);
      }
      Plan plan = policy.livePart(decision.syncable());
      diffs.put(container, diff);
      owed.put(container, decision.syncable());
      if (plan instanceof Plan.LiveUpdate update) {
        groups.computeIfAbsent(update, u -> new ArrayList<>()).add(container);
      } else {
        synced(container, null, diff, rebuilds.containsKey(container));
      }
    }
    List<LiveUpdater.Assignment> assignments = new ArrayList<>();
    groups.forEach((plan, group) -> group.forEach(
        c -> assignments.add(new LiveUpdater.Assignment(c, plan, false))));
    List<ContainerUpdater.Outcome> outcomes = session.updater().applyOnce(assignments);
    ChangeBatch sent = ChangeBatch.EMPTY;
    for (int i = 0; i < outcomes.size(); i++) {
      ContainerUpdater.Outcome outcome = outcomes.get(i);
      if (outcome.updated()) {
        sent = sent.followedBy(owed.get(outcome.container()));
        synced(outcome.container(), assignments.get(i).plan(), diffs.get(outcome.container()),
            rebuilds.containsKey(outcome.container()));
      } else {
        failures.add(outcome.container().label() + ": " + outcome.reason());
        keep(outcome.cause());
      }
    }
    return new Report(failures, List.copyOf(rebuildReasons),
        rebuild(rebuildReasons, failures.isEmpty()), causes, sent, synced);
  }

  /** Rebuilds once for every reason, when allowed and every container took the rest. */
  private Rebuild rebuild(Set<String> reasons, boolean allSynced) throws InterruptedException {
    if (reasons.isEmpty()) {
      return Rebuild.NONE;
    }
    if (!policy.rebuildAllowed() || !allSynced) {
      return Rebuild.NEEDED;
    }
    boolean rolledOut = session.rebuilder().orElseThrow().rebuild(String.join("; ", reasons));
    return rolledOut ? Rebuild.DONE : Rebuild.FAILED;
  }

  private void keep(Throwable cause) {
    if (cause != null) {
      causes.add(cause);
    }
  }

  private void synced(ContainerRef container, Plan.LiveUpdate plan, TreeDiff diff,
      boolean rebuildNeeded) {
    synced.add(container.containerId());
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
}
