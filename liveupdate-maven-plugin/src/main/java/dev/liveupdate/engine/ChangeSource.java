package dev.liveupdate.engine;

import dev.liveupdate.watch.ChangeBatch;
import java.time.Duration;

/** Where batches of changes come from: the file watcher, or a test. */
@FunctionalInterface
public interface ChangeSource {

  /** The next batch, or null when none arrived within {@code timeout}. */
  ChangeBatch poll(Duration timeout) throws InterruptedException;

  /**
   * The next batch followed by every batch already waiting behind it, as one
   * ({@link ChangeBatch#followedBy}: a path named several times is there once, as the latest batch
   * says); null when none arrived within {@code timeout}. When saves come faster than an update
   * takes, the batches that queued up during it become one update, each file sent once in its
   * latest state, instead of one update each.
   */
  default ChangeBatch pollAll(Duration timeout) throws InterruptedException {
    ChangeBatch batch = poll(timeout);
    if (batch == null) {
      return null;
    }
    for (ChangeBatch next = poll(Duration.ZERO); next != null; next = poll(Duration.ZERO)) {
      batch = batch.followedBy(next);
    }
    return batch;
  }
}
