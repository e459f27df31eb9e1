package dev.liveupdate.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the roots of a {@link WatchSpec} with the platform's {@link WatchService} (inotify on
 * Linux) and turns the events into {@link ChangeBatch}es.
 *
 * <p><b>Registration.</b> Directory roots are registered recursively at start-up; directories
 * created, or moved in, later are registered when their event arrives and then walked, so files
 * written before the registration took effect are reported too. Ignored directories are never
 * registered. When a registered directory is deleted or moved away, its keys and those below it
 * are cancelled and forgotten.
 *
 * <p><b>Batching.</b> A batch is flushed when no event has arrived for the quiet period, or at the
 * latest the batch cap after its first event. At flush time every touched path is classified by
 * what is on disk then: a regular file or symlink is <em>changed</em>; a missing path is
 * <em>deleted</em> (a deleted directory is one path: paths below it deleted in the same batch are
 * left out); directories themselves are never reported. A file created and deleted within one batch
 * is reported as deleted (the watcher keeps no state of what existed before the batch; deleting a
 * path that is not there is harmless). Ignored paths never appear.
 *
 * <p><b>Overflow.</b> When events were lost, the affected directory is rescanned at the next flush
 * and every file in it is reported as changed; deletions in it are not detected (see {@link
 * #recoverLostEvents}).
 *
 * <p><b>Threads.</b> One daemon thread named {@code liveupdate-watch-N} per watcher, stopped and
 * joined by {@link #close()}. {@link #poll} may be called from any thread.
 */
public final class FileWatcher implements AutoCloseable {

  static final String THREAD_NAME_PREFIX = "liveupdate-watch-";
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  /** Queued when the thread ends, so that a waiting {@link #poll} returns at once. */
  private static final ChangeBatch STOPPED = ChangeBatch.of(Set.of(), Set.of());

  private final WatchService service;
  private final WatchScope scope;
  private final WatchListener listener;
  private final DirectoryRegistry registry;
  private final PendingChanges pending;
  private final BlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile Duration startupTime = Duration.ZERO;

  private FileWatcher(WatchService service, WatchSpec spec, WatchListener listener) {
    this.service = service;
    this.scope = new WatchScope(spec.roots(), spec.ignores());
    this.listener = listener;
    this.registry = new DirectoryRegistry(service, scope, listener);
    this.pending = new PendingChanges(spec.quietPeriod().toNanos(), spec.maxBatchWait().toNanos());
    this.thread = new Thread(this::run, THREAD_NAME_PREFIX + THREAD_COUNT.incrementAndGet());
    this.thread.setDaemon(true);
  }

  /**
   * Registers the roots and starts watching. When this returns, every change below the roots is
   * seen; what existed before is not reported.
   *
   * @throws IOException if the platform's watch service cannot be opened
   */
  public static FileWatcher start(WatchSpec spec, WatchListener listener) throws IOException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    long begin = System.nanoTime();
    WatchService service = spec.roots().get(0).path().getFileSystem().newWatchService();
    FileWatcher watcher = new FileWatcher(service, spec, listener);
    try {
      for (Path anchor : watcher.scope.anchors()) {
        if (Files.isDirectory(anchor)) {
          watcher.registry.registerTree(anchor, file -> {});
        } else {
          listener.onWarning("Nothing to watch: " + anchor + " is not a directory", null);
        }
      }
    } catch (RuntimeException e) {
      try {
        service.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    watcher.startupTime = Duration.ofNanos(System.nanoTime() - begin);
    watcher.thread.start();
    return watcher;
  }

  /**
   * The next batch, waiting up to {@code timeout} for one.
   *
   * @return the batch, or {@code null} if none was flushed in time, or at once when the watcher is
   *     closed and every batch was taken
   * @throws IllegalStateException if the watcher's thread failed (once every batch flushed before
   *     was taken); the failure is the cause
   */
  public ChangeBatch poll(Duration timeout) throws InterruptedException {
    ChangeBatch batch = batches.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (batch != STOPPED) {
      return batch;
    }
    batches.add(STOPPED); // for the next caller
    Throwable cause = failure;
    if (cause != null) {
      throw new IllegalStateException("The file watcher stopped: " + cause, cause);
    }
    return null;
  }

  /** How long {@link #start} took to register the roots. */
  public Duration startupTime() {
    return startupTime;
  }

  /** How many directories are registered with the watch service now. */
  public int registeredDirectoryCount() {
    return registry.size();
  }

  boolean isRegistered(Path dir) {
    return registry.isRegistered(dir);
  }

  /**
   * Stops the thread and closes the watch service. Waits for the thread to end (a few seconds at
   * most); batches not yet taken can still be polled.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      service.close(); // wakes the thread: take()/poll() throw ClosedWatchServiceException
    } finally {
      joinThread();
    }
  }

  private void joinThread() {
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(JOIN_TIMEOUT.toMillis());
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(JOIN_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (!closed) {
        WatchKey key = nextKey();
        if (key != null) {
          handle(key);
        }
        if (!pending.isEmpty() && pending.nanosUntilDue(System.nanoTime()) <= 0) {
          flush();
        }
      }
    } catch (ClosedWatchServiceException e) {
      if (!closed) {
        failure = e; // closed by someone else than close()
      }
    } catch (InterruptedException e) {
      if (!closed) {
        failure = e;
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      listener.onWarning("The file watcher stopped: " + e, e);
    } finally {
      batches.add(STOPPED);
    }
  }

  private WatchKey nextKey() throws InterruptedException {
    if (pending.isEmpty()) {
      return service.take();
    }
    long wait = pending.nanosUntilDue(System.nanoTime());
    return wait <= 0 ? service.poll() : service.poll(wait, TimeUnit.NANOSECONDS);
  }

  private void handle(WatchKey key) {
    Path dir = registry.directoryOf(key);
    if (dir == null) {
      key.cancel(); // forgotten: its directory was deleted or moved away
      return;
    }
    for (WatchEvent<?> event : key.pollEvents()) {
      long now = System.nanoTime();
      if (event.kind() == OVERFLOW) {
        pending.overflowed(dir, now);
        listener.onOverflow(dir);
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (event.kind() == ENTRY_DELETE) {
        registry.forgetTree(child);
      } else if (event.kind() == ENTRY_CREATE
          && scope.shouldRegister(child)
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        registry.registerTree(child, file -> pending.touchCreated(file, now));
      }
      if (scope.mayReport(child)) {
        if (event.kind() == ENTRY_CREATE) {
          pending.touchCreated(child, now);
        } else {
          pending.touch(child, now);
        }
      }
    }
    if (!key.reset()) {
      registry.forget(key);
    }
  }

  private void flush() {
    for (Path dir : pending.takeOverflowed()) {
      recoverLostEvents(dir);
    }
    ChangeBatch batch = pending.flush(scope, listener);
    if (!batch.isEmpty()) {
      batches.add(batch);
      listener.onBatch(batch);
    }
  }

  /**
   * Events below {@code dir} were lost. For now the safe answer: register anything new and report
   * every file below it as changed (or the directory as deleted if it is gone). Deleted files are
   * not detected; a later version can compare the walk with the last known state here instead.
   */
  private void recoverLostEvents(Path dir) {
    long now = System.nanoTime();
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      registry.registerTree(dir, file -> pending.touch(file, now));
    } else {
      registry.forgetTree(dir);
      pending.touch(dir, now);
    }
  }
}
