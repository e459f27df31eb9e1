package dev.liveupdate.image;

/**
 * Receives what an {@link ImageBuilder} reports while it works. Called from several threads at
 * once (jib builds and pushes layers in parallel): implementations must be thread-safe.
 */
@FunctionalInterface
public interface BuildListener {

  /** Ignores everything. */
  BuildListener NONE = event -> {};

  void on(BuildEvent event);
}
