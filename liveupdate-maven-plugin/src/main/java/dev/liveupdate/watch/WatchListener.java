package dev.liveupdate.watch;

import java.nio.file.Path;

/**
 * What the watcher tells its owner besides the batches themselves. Every method is called on the
 * watcher's thread (or, during {@link FileWatcher#start}, on the caller's): keep it quick, since the
 * next batch waits for it. A slow listener can make the event queue overflow, which the watcher
 * recovers from by rescanning.
 */
public interface WatchListener {

  /** A listener that ignores everything. */
  WatchListener NONE = (message, cause) -> {};

  /**
   * Something could not be watched or read, and changes there may be missed.
   *
   * @param message what failed, naming the path
   * @param cause the underlying failure, or {@code null} if there is none
   */
  void onWarning(String message, Throwable cause);

  /**
   * Events were lost below {@code directory} (the event queue overflowed); at the next batch it is
   * rescanned and compared with its last known state, so nothing is missed.
   */
  default void onOverflow(Path directory) {}

  /** A batch was flushed and can now be taken with {@link FileWatcher#poll}. */
  default void onBatch(ChangeBatch batch) {}
}
