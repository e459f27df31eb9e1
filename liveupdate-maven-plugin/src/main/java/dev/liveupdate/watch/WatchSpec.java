package dev.liveupdate.watch;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.ignore.IgnoreRules;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link FileWatcher} watches and how it batches.
 *
 * <p>Roots inside the ignore rules' base directory are found again if they, or the folders on the
 * way to them, are deleted and created again ({@code mvn clean} removing {@code target/classes}):
 * the folders from the base directory down to each root are watched without descending.
 *
 * @param roots what to watch; never empty
 * @param ignores paths never reported nor registered
 * @param quietPeriod a batch is flushed once no event has arrived for this long
 * @param maxBatchWait a batch is flushed at the latest this long after its first event, even while
 *     events keep arriving
 */
public record WatchSpec(
    List<WatchRoot> roots, IgnoreRules ignores, Duration quietPeriod, Duration maxBatchWait) {

  public static final Duration DEFAULT_QUIET_PERIOD = LiveUpdateConfig.DEFAULT_QUIET_PERIOD;
  public static final Duration DEFAULT_MAX_BATCH_WAIT = LiveUpdateConfig.DEFAULT_MAX_BATCH_WAIT;

  public WatchSpec {
    roots = List.copyOf(roots);
    Objects.requireNonNull(ignores, "ignores");
    requirePositive(quietPeriod, "quietPeriod");
    requirePositive(maxBatchWait, "maxBatchWait");
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("at least one root to watch is required");
    }
  }

  /** Watches {@code roots} with the default quiet period (50 ms) and batch cap (1 s). */
  public static WatchSpec of(List<WatchRoot> roots, IgnoreRules ignores) {
    return new WatchSpec(roots, ignores, DEFAULT_QUIET_PERIOD, DEFAULT_MAX_BATCH_WAIT);
  }

  public WatchSpec withQuietPeriod(Duration quietPeriod) {
    return new WatchSpec(roots, ignores, quietPeriod, maxBatchWait);
  }

  public WatchSpec withMaxBatchWait(Duration maxBatchWait) {
    return new WatchSpec(roots, ignores, quietPeriod, maxBatchWait);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + duration);
    }
  }
}
