package dev.liveupdate.engine;

import java.util.List;

/**
 * How a dev loop went.
 *
 * @param updates        batches of changes finished, well or not
 * @param failures       one line per failure of the session (an update that did not fully
 *                       succeed, a failed rebuild or start-up sync, …)
 * @param pendingChanges changes still waiting to be applied when the loop ended
 * @param rebuilds       image rebuilds rolled out
 */
public record RunSummary(int updates, List<String> failures, int pendingChanges, int rebuilds) {

  public RunSummary {
    failures = List.copyOf(failures);
  }

  /** The loop's own count, before the session adds what its events said. */
  public RunSummary(int updates, List<String> failures, int pendingChanges) {
    this(updates, failures, pendingChanges, 0);
  }

  public boolean succeeded() {
    return failures.isEmpty() && pendingChanges == 0;
  }

  /**
   * Every problem, one line each: the failures, then the changes still waiting, if any.
   */
  public List<String> problems() {
    if (pendingChanges == 0) {
      return failures;
    }
    List<String> all = new java.util.ArrayList<>(failures);
    all.add(pendingChanges + (pendingChanges == 1 ? " change" : " changes")
        + " still waiting for a container");
    return List.copyOf(all);
  }
}
