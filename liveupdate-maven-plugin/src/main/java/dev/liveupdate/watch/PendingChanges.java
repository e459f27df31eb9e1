package dev.liveupdate.watch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths touched since the last batch, the directories to rescan, and when the first and last
 * of them arrived. Owned by the watcher's thread.
 */
final class PendingChanges {

  /** What a batch is made from; see {@link Reconciler#reconcile}. */
  record Taken(Set<Path> touched, Set<Path> rescans) {}

  private final long quietNanos;
  private final long capNanos;
  private Set<Path> touched = new HashSet<>();
  private Set<Path> rescans = new HashSet<>();
  private long firstNanos;
  private long lastNanos;

  PendingChanges(long quietNanos, long capNanos) {
    this.quietNanos = quietNanos;
    this.capNanos = capNanos;
  }

  /** Records a path an event named: it is looked at when the batch is made. */
  void touch(Path path, long nowNanos) {
    noteEvent(nowNanos);
    touched.add(path);
  }

  /**
   * Records a directory whose events may have been lost (an overflow, or a directory that could
   * not be registered): it is compared with its last known state when the batch is made.
   */
  void rescan(Path directory, long nowNanos) {
    noteEvent(nowNanos);
    rescans.add(directory);
  }

  /** When the first event of this batch arrived, on {@link System#nanoTime()}'s clock. */
  long firstNanos() {
    return firstNanos;
  }

  boolean isEmpty() {
    return touched.isEmpty() && rescans.isEmpty();
  }

  /**
   * Nanoseconds until the batch is due: the quiet period after the last event, or the cap after the
   * first, whichever comes first; zero or less when due now.
   */
  long nanosUntilDue(long nowNanos) {
    return Math.min(lastNanos + quietNanos, firstNanos + capNanos) - nowNanos;
  }

  /**
   * Everything recorded, and starts a new batch. Directories to rescan below another one are left
   * out: the rescan of the folder above covers them.
   */
  Taken take() {
    Set<Path> outermost = new TreeSet<>();
    for (Path dir : rescans) {
      if (!ChangeBatch.isBelowAny(dir, rescans)) {
        outermost.add(dir);
      }
    }
    Taken taken = new Taken(touched, outermost);
    touched = new HashSet<>();
    rescans = new HashSet<>();
    return taken;
  }

  private void noteEvent(long nowNanos) {
    if (isEmpty()) {
      firstNanos = nowNanos;
    }
    lastNanos = nowNanos;
  }
}
