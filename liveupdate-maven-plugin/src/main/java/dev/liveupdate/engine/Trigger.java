package dev.liveupdate.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How updates are triggered, as Tilt's trigger modes: automatically on every change (Enter then
 * forces a full sync of every container, as the start-up sync makes), or manually
 * ({@code -Dliveupdate.trigger=manual}: changes wait, listed as pending, until Enter). Enter is
 * {@link #request()}ed by whoever reads the console; the dev loop takes the request on its next
 * turn.
 */
public final class Trigger {

  private final boolean manual;
  private final AtomicBoolean requested = new AtomicBoolean();

  private Trigger(boolean manual) {
    this.manual = manual;
  }

  public static Trigger automatic() {
    return new Trigger(false);
  }

  public static Trigger manual() {
    return new Trigger(true);
  }

  /**
   * The trigger mode named by {@code liveupdate.trigger}.
   *
   * @throws IllegalArgumentException naming the property and the valid values
   */
  public static Trigger parse(String mode) {
    String given = mode == null ? "" : mode.trim();
    return switch (given) {
      case "", "auto", "automatic" -> automatic();
      case "manual" -> manual();
      default -> throw new IllegalArgumentException("liveupdate.trigger must be 'auto' or "
          + "'manual', got '" + given + "'");
    };
  }

  public boolean isManual() {
    return manual;
  }

  /** Enter was pressed: apply what is pending (manual), or sync every container (automatic). */
  public void request() {
    requested.set(true);
  }

  /** Whether Enter was pressed since the last call. */
  public boolean takeRequest() {
    return requested.getAndSet(false);
  }
}
