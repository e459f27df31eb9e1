package dev.liveupdate.watch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where a {@link FileWatcher}'s events come from: the platform's notifications, turned into hints
 * of <em>where to look</em>. A backend never decides what changed; the {@link Reconciler} does, by
 * comparing the disk with the last known state. So a backend may be coarse (name a folder, or the
 * whole root) or lose events, as long as it says so ({@link Hints#lost}); it must only never be
 * silent about a change.
 *
 * <p>Two backends exist: {@link JdkWatchBackend} (the JDK's {@code WatchService}: inotify on Linux,
 * {@code ReadDirectoryChangesW} on Windows, polling elsewhere) and {@link FsEventsBackend} (macOS
 * FSEvents); {@link WatchBackends} picks one.
 *
 * <p>Every method but {@link #close()}, {@link #watchedDirectoryCount()} and {@link #isWatched} is
 * called on the watcher's thread (or, during {@link FileWatcher#start}, on the caller's).
 */
interface WatchBackend extends Closeable {

  /**
   * What a backend tells the watcher. Called on the watcher's thread only, from {@link #await}.
   * Paths out of the watch's scope are dropped by the watcher, so a backend need not filter.
   */
  interface Hints {

    /**
     * An event named this path and says it changed: a file there is reported changed even if its
     * size and mtime look as before (the event is trusted); a folder is walked and compared.
     */
    void changed(Path path);

    /**
     * A folder appeared: every folder in scope below it is {@linkplain #watch watched} at once (so
     * nothing written in it from now on is missed), then it is looked at as {@link #changed}
     * does. For backends that watch folder by folder.
     */
    void appeared(Path dir);

    /**
     * Something may have changed at or below this path: it, and everything below it, is compared
     * with the last known state, and only what differs is reported.
     */
    void check(Path path);

    /**
     * Events at or below this folder were lost (a queue overflowed, the platform dropped them): it
     * is compared as {@link #check} does, and the listener hears of it.
     */
    void lost(Path dir);
  }

  /** Opens a backend for one watcher, before the start-up walk, so events flow from then on. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param anchors the existing directories the watch covers, each with everything below it
     *     that the scope wants ({@link WatchScope#anchors()})
     * @throws IOException if the platform's event source cannot be opened
     */
    WatchBackend open(Set<Path> anchors, WatchScope scope, WatchListener listener)
        throws IOException;
  }

  /** A short name for messages: {@code "JDK WatchService"}, {@code "macOS FSEvents"}. */
  String name();

  /**
   * Watches one directory in scope (not what is below it), met by a walk before the walk lists
   * it. A backend whose event source covers whole trees only records it.
   *
   * @throws java.nio.file.NoSuchFileException if it was deleted meanwhile
   * @throws IOException if it cannot be watched; it is then rescanned every {@link
   *     FileWatcher#UNWATCHED_RESCAN} instead
   */
  void watch(Path dir) throws IOException;

  /** Stops watching {@code path} and every directory below it: deleted or moved away. */
  void forget(Path path);

  /**
   * Waits up to {@code timeoutNanos} for events and hands what they say to {@code hints}; returns
   * after the first events that came, or when the time is up. {@link Long#MAX_VALUE} waits until
   * an event comes; zero or less does not wait.
   *
   * @throws ClosedWatchServiceException once {@link #close()} was called
   */
  void await(long timeoutNanos, Hints hints) throws InterruptedException;

  /** How many directories are watched now. Any thread. */
  int watchedDirectoryCount();

  /** Whether {@code dir} is watched now. Any thread. */
  boolean isWatched(Path dir);

  /** Releases the event source and wakes a waiting {@link #await}. Any thread; idempotent. */
  @Override
  void close() throws IOException;
}
