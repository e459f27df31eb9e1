package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How {@link LosslessIT} waits for a dev loop to catch up: its log quiet for {@link #QUIET} (at
 * most {@link #CATCH_UP_TIMEOUT}), then the trees compared after each quiet spell until they are
 * equal while the log stays silent, their differences stayed the same through {@link #SETTLED} of
 * silence (then nothing is on its way), or {@link #QUIESCENCE_TIMEOUT} passed.
 */
final class Settling {

  /** How long the dev loop may take to work through what the operations left it. */
  static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(120);
  /** How long, once it is quiet, the containers may take to equal the local trees. */
  static final Duration QUIESCENCE_TIMEOUT = Duration.ofSeconds(60);
  /** The dev loop prints a line for every update: this long without one is quiet. */
  static final Duration QUIET = Duration.ofSeconds(2);
  /** Quiet this long with the same differences each time: nothing more will come. */
  static final Duration SETTLED = Duration.ofSeconds(10);

  private final MavenProcess mvn;
  private List<?> previous;
  private long sameSince;
  private boolean equal;

  Settling(MavenProcess mvn) {
    this.mvn = mvn;
  }

  /** The differences {@code compare} finds once settled: empty when the trees became equal. */
  <D> List<D> differencesOnceSettled(Supplier<List<D>> compare) {
    if (!awaitQuietLog(System.nanoTime() + CATCH_UP_TIMEOUT.toNanos())) {
      System.out.println("LosslessIT: the dev log did not go quiet within "
          + CATCH_UP_TIMEOUT.toSeconds() + " s after the operations");
    }
    long deadline = System.nanoTime() + QUIESCENCE_TIMEOUT.toNanos();
    @SuppressWarnings("unchecked")
    List<D>[] differences = new List[] {List.of()};
    // the condition itself ends at the deadline; the bound only guards against a hung compare
    await().atMost(QUIESCENCE_TIMEOUT.plus(CATCH_UP_TIMEOUT)).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(500)).pollInSameThread().until(() -> {
          differences[0] = compareWhenQuiet(compare, deadline);
          return settled(differences[0], deadline);
        });
    return equal ? List.of() : differences[0];
  }

  private <D> List<D> compareWhenQuiet(Supplier<List<D>> compare, long deadline) {
    awaitQuietLog(deadline);
    int linesBefore = mvn.lineCount();
    List<D> differences = compare.get();
    equal = differences.isEmpty() && mvn.lineCount() == linesBefore;
    if (mvn.lineCount() != linesBefore) {
      previous = null; // not silent: whatever it was, it was not settled
    }
    return differences;
  }

  private boolean settled(List<?> differences, long deadline) {
    if (equal) {
      return true;
    }
    long now = System.nanoTime();
    if (!differences.equals(previous)) {
      previous = differences;
      sameSince = now;
    } else if (now - sameSince >= SETTLED.toNanos()) {
      return true;
    }
    return now > deadline;
  }

  /** Whether the dev log went {@link #QUIET} before the deadline. */
  private boolean awaitQuietLog(long deadline) {
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (left.compareTo(QUIET) < 0) {
      return false; // it cannot have been quiet that long by then
    }
    int[] lines = {mvn.lineCount()};
    long[] quietSince = {System.nanoTime()};
    try {
      await().atMost(left).pollDelay(Duration.ofMillis(100)).pollInterval(Duration.ofMillis(100))
          .pollInSameThread().until(() -> {
            int now = mvn.lineCount();
            if (now != lines[0]) {
              lines[0] = now;
              quietSince[0] = System.nanoTime();
              return false;
            }
            return System.nanoTime() - quietSince[0] >= QUIET.toNanos();
          });
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }
}
