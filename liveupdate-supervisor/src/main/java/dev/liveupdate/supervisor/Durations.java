package dev.liveupdate.supervisor;

import java.time.Duration;

/** Durations on the command line: {@code 250ms}, {@code 10s}, {@code 2m}; a bare number is seconds. */
final class Durations {

  private Durations() {}

  /**
   * @param option the option being read, for the message, e.g. {@code --grace}
   * @throws IllegalArgumentException naming the option and the value when it is not a duration
   */
  static Duration parse(String option, String value) {
    String digits = value;
    long unitMillis = 1000;
    if (value.endsWith("ms")) {
      digits = value.substring(0, value.length() - 2);
      unitMillis = 1;
    } else if (value.endsWith("s")) {
      digits = value.substring(0, value.length() - 1);
    } else if (value.endsWith("m")) {
      digits = value.substring(0, value.length() - 1);
      unitMillis = 60_000;
    }
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 250ms, 10s or 2m, got '" + value + "'");
    }
    return Duration.ofMillis(Long.parseLong(digits) * unitMillis);
  }

  /** Milliseconds elapsed since {@code startNanos} (a {@link System#nanoTime()} reading). */
  static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
