package dev.liveupdate.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;

/**
 * When the dev loop acts while no change arrives, on an injected clock (tests run it on virtual
 * time). A round — listing the containers and bringing them up to date — is due when the pod
 * watch reports a change, when a retry is due, or every {@value #CONVERGE_CHECK_SECONDS} s while
 * idle without a watch (every {@value #WATCHED_CHECK_SECONDS} s with one, as a safety net). After a
 * round that could not finish (no cluster, no container, a failed copy), the next one is tried
 * after a delay that doubles from 1 s up to 30 s; a round that finished resets it. Another reason
 * to act (a manual trigger, say) would be one more way for a round to become due here.
 */
final class LoopSchedule {

  static final int CONVERGE_CHECK_SECONDS = 2;
  static final int WATCHED_CHECK_SECONDS = 60;
  /** The longest the loop waits for a change before it looks at the schedule again. */
  static final Duration IDLE_POLL = Duration.ofMillis(250);
  private static final Duration CONVERGE_CHECK = Duration.ofSeconds(CONVERGE_CHECK_SECONDS);
  private static final Duration WATCHED_CHECK = Duration.ofSeconds(WATCHED_CHECK_SECONDS);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
  private static final Duration SHORTEST_POLL = Duration.ofMillis(1);

  private final InstantSource clock;
  private Duration retryDelay = FIRST_RETRY;
  private Instant nextRoundAt;
  private long seenPodChanges = Long.MIN_VALUE;

  LoopSchedule(InstantSource clock) {
    this.clock = clock;
    this.nextRoundAt = clock.instant().plus(CONVERGE_CHECK);
  }

  Instant now() {
    return clock.instant();
  }

  /** How long to wait for changes now: until the next round is due, {@link #IDLE_POLL} at most. */
  Duration pollTimeout() {
    Duration left = Duration.between(now(), nextRoundAt);
    if (left.compareTo(SHORTEST_POLL) < 0) {
      return SHORTEST_POLL;
    }
    return left.compareTo(IDLE_POLL) > 0 ? IDLE_POLL : left;
  }

  /**
   * Whether a round is due without a change: its time came, or the pod watch saw a change since
   * the last round (never, without a watch).
   */
  boolean roundDue(OptionalLong podChanges) {
    return !now().isBefore(nextRoundAt)
        || (podChanges.isPresent() && podChanges.getAsLong() != seenPodChanges);
  }

  /** A round starts: it sees the pods as the watch's count says now. */
  void roundStarts(OptionalLong podChanges) {
    podChanges.ifPresent(count -> seenPodChanges = count);
  }

  /** The delay before the next try, as said to the user when a round could not finish. */
  Duration retryDelay() {
    return retryDelay;
  }

  /** The round could not finish: try again after the delay, and wait longer the time after. */
  void retryLater() {
    nextRoundAt = now().plus(retryDelay);
    Duration doubled = retryDelay.multipliedBy(2);
    retryDelay = doubled.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : doubled;
  }

  /**
   * The round finished: the next is due after an idle check's time.
   *
   * @param watched whether a pod watch tells when the pods change
   */
  void settled(boolean watched) {
    retryDelay = FIRST_RETRY;
    nextRoundAt = now().plus(watched ? WATCHED_CHECK : CONVERGE_CHECK);
  }
}
