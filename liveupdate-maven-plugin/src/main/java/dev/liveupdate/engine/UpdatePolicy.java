package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Planner;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.watch.ChangeBatch;
import java.util.Optional;

/**
 * Decides between a live update and an image rebuild, for the dev loop and the one-shot sync
 * alike. Pure: no cluster, no clock. The rules:
 *
 * <ul>
 *   <li>A change matching {@code <fallBackOn>} or no {@code <sync>} needs a rebuild (the
 *       {@link Planner}'s rule); the changes of the batch that need none are live-updated all the
 *       same.
 *   <li>The rebuild is made only when {@linkplain #rebuildAllowed() allowed}: there is an
 *       {@code <image>} to build and the goal asked for rebuilds ({@code liveupdate:dev} always
 *       does; {@code liveupdate:sync} with {@code -Dliveupdate.rebuild=true}). Otherwise it is
 *       reported as needed, with the {@linkplain #needed remedy} of the goal.
 *   <li>Fresh changes that no container can receive (none runs, or one is stuck in
 *       CrashLoopBackOff or an image pull error) are a reason to rebuild, when allowed: a new image
 *       and rollout may mend what a live update cannot reach.
 *   <li>A run step killed (exit 137) leaves the container in no state to be updated in place: a
 *       reason to rebuild, when allowed.
 * </ul>
 */
public final class UpdatePolicy {

  private final Planner planner;
  private final boolean rebuildAllowed;
  private final String remedy;

  /**
   * @param rebuildAllowed whether rebuilds are made (an {@code <image>}, and the goal wants them)
   * @param remedy         how the user has rebuilds made, said when one is needed but not allowed
   */
  public UpdatePolicy(Planner planner, boolean rebuildAllowed, String remedy) {
    this.planner = planner;
    this.rebuildAllowed = rebuildAllowed;
    this.remedy = remedy;
  }

  /**
   * What a batch of changes leads to.
   *
   * @param syncable      the changes a live update can express
   * @param rebuildReason why the image needs a rebuild, if it does
   * @param rebuild       whether that rebuild is made (else it is only reported)
   */
  public record Decision(ChangeBatch syncable, Optional<String> rebuildReason, boolean rebuild) {}

  public Decision decide(ChangeBatch batch) {
    Plan plan = planner.plan(batch);
    Optional<String> reason = plan instanceof Plan.Rebuild rebuild
        ? Optional.of(rebuild.reason()) : Optional.empty();
    return new Decision(planner.syncable(batch), reason, reason.isPresent() && rebuildAllowed);
  }

  /** The live update of the changes that need no rebuild; {@link Plan.Nothing} when none. */
  public Plan livePart(ChangeBatch batch) {
    return planner.livePart(batch);
  }

  /** Whether rebuilds are made at all. */
  public boolean rebuildAllowed() {
    return rebuildAllowed;
  }

  /** The rebuild to make because fresh changes cannot reach a container, if one is made. */
  public Optional<String> rebuildForUnreachable(boolean freshChanges, Optional<String> unreachable) {
    return rebuildAllowed && freshChanges ? unreachable : Optional.empty();
  }

  /** The rebuild to make after a container's update, if one is made: a run step was killed. */
  public Optional<String> rebuildAfter(ContainerUpdater.Outcome outcome) {
    return rebuildAllowed && outcome.killed()
        ? Optional.of("a run step was killed (exit 137) in " + outcome.container().label())
        : Optional.empty();
  }

  /** The event saying a rebuild is needed and not made, with the goal's remedy. */
  public DevEvent.RebuildNeeded needed(String reason) {
    return new DevEvent.RebuildNeeded(reason, remedy);
  }
}
