package dev.liveupdate.engine;

import java.time.Duration;

/**
 * When a dev loop ends by itself, for scripts and integration tests that run the real loop.
 *
 * @param maxUpdates  end after this many updates (each batch of changes, applied or failed);
 *                    0 for no limit
 * @param idleTimeout end after this long without a file change; zero for no limit
 */
public record RunBounds(int maxUpdates, Duration idleTimeout) {

  public static final RunBounds NONE = new RunBounds(0, Duration.ZERO);

  public RunBounds {
    if (maxUpdates < 0 || idleTimeout.isNegative()) {
      throw new IllegalArgumentException("bounds must not be negative: " + maxUpdates + ", "
          + idleTimeout);
    }
  }

  public boolean isBounded() {
    return maxUpdates > 0 || !idleTimeout.isZero();
  }

  boolean reached(int updates, Duration idle) {
    return (maxUpdates > 0 && updates >= maxUpdates)
        || (!idleTimeout.isZero() && idle.compareTo(idleTimeout) >= 0);
  }
}
