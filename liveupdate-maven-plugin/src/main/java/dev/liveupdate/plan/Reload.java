package dev.liveupdate.plan;

/**
 * What the app in a container needs once a live update's files are in place, as
 * {@link ReloadDecision} decides it; carried by {@link Plan.LiveUpdate} and done in the same exec
 * as the copy.
 */
public sealed interface Reload {

  /** Nothing: the files are all there is to it. */
  Reload NONE = new None();

  /** Nothing. */
  record None() implements Reload {}

  /**
   * Restart the app's JVM in place, through the live-update supervisor that runs as PID 1 of
   * the dev image: same container, same pod, synced files kept.
   *
   * @param reason what changed, for the messages: {@code classes changed}
   */
  record Restart(String reason) implements Reload {}
}
