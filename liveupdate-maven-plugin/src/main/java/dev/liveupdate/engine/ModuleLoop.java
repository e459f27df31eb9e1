package dev.liveupdate.engine;

import dev.liveupdate.watch.WatchRoot;
import java.util.List;

/**
 * What a kind of module brings to a dev session besides the engine every module shares: what
 * the watcher watches, what the loop makes of its batches, and what must happen before the
 * start-up action. A module with {@code <syncs>} watches the whole module and syncs files as they
 * are ({@link DevSession#open(dev.liveupdate.config.LiveUpdateConfig, SessionOptions,
 * dev.liveupdate.event.DevListener)}); a Jib module's Java loop ({@code javaloop.JavaLoop})
 * watches its sources and POMs, compiles, and sees that its pods run the dev image.
 */
public interface ModuleLoop extends AutoCloseable {

  /** What the watcher watches. */
  List<WatchRoot> watchRoots();

  /** The batches the dev loop acts on, made from the watcher's. */
  ChangeSource changes(ChangeSource watched);

  /**
   * Runs once, the watcher running, before the start-up action ({@code liveupdate.onStart}).
   *
   * @return false when it brought the containers up to date itself (a rollout of a new image):
   *     the start-up action is then left out
   */
  boolean prepare() throws InterruptedException;

  /**
   * Whether {@link #prepare} rolls out the dev image when the containers do not run it, which
   * brings the Java receiver: a container without {@code sh} or {@code tar} is then no reason to
   * stop at start ({@link TargetCheck}).
   */
  default boolean rollsOutDevImage() {
    return false;
  }

  /** Releases what the module holds (a warm compiler); never throws. */
  @Override
  void close();
}
