package dev.liveupdate.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Time that passes only when told to: a test's clock for the dev loop's schedule. */
final class VirtualClock implements InstantSource {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public Instant instant() {
    return now;
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  Instant after(Duration duration) {
    return now.plus(duration);
  }

  boolean before(Instant deadline) {
    return now.isBefore(deadline);
  }
}
