package dev.liveupdate.engine;

import java.util.List;

/**
 * How a bounded dev loop went.
 *
 * @param updates        batches of changes finished, well or not
 * @param failures       one line per update that did not fully succeed
 * @param pendingChanges changes still waiting to be applied when the loop ended
 */
public record RunSummary(int updates, List<String> failures, int pendingChanges) {

  public RunSummary {
    failures = List.copyOf(failures);
  }

  public boolean succeeded() {
    return failures.isEmpty() && pendingChanges == 0;
  }
}
