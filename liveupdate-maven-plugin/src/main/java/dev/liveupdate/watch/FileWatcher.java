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
 * Linux) and turns the events into {@link ChangeBatch}es that never miss a change.
 *
 * <p><b>Events say where to look, the known state says what changed.</b> At start-up every
 * directory in scope is registered and every reported file is recorded with its size, mtime, inode
 * and exec bit ({@link KnownTree}). A batch is made by looking at the touched paths again and
 * comparing with that state ({@link Reconciler}): a touched folder is walked and diffed, so files
 * in folders created, moved in, renamed or replaced within one batch are found, and files gone with
 * them are reported deleted. A path that lived only within the batch (an editor's temporary file,
 * {@code sed -i}'s) is not reported at all.
 *
 * <p><b>Doubt means a rescan.</b> When events were lost (the JDK's per-directory queue of 512
 * events, or the kernel's queue, overflowed) the affected directory is rescanned and diffed at the
 * next batch. A directory that cannot be registered (the inotify watch limit, say) is rescanned
 * every {@link #UNWATCHED_RESCAN} instead, and its registration tried again each time.
 *
 * <p><b>Batching.</b> A batch is flushed when no event has arrived for the quiet period, or at the
 * latest the batch cap after its first event. Directories are never reported as changed; a deleted
 * directory is one path. Ignored paths never appear. Symlinks are reported, never followed.
 *
 * <p><b>Threads.</b> One daemon thread named {@code liveupdate-watch-N} per watcher, stopped and
 * joined by {@link #close()}. {@link #poll} may be called from any thread.
 */
public final class FileWatcher implements AutoCloseable {

  static final String THREAD_NAME_PREFIX = "liveupdate-watch-";
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  /** How often directories that could not be registered are rescanned. */
  static final Duration UNWATCHED_RESCAN = Duration.ofSeconds(2);
  /** Queued when the thread ends, so that a waiting {@link #poll} returns at once. */
  private static final ChangeBatch STOPPED = ChangeBatch.of(Set.of(), Set.of());

  private final WatchService service;
  private final WatchScope scope;
  private final WatchListener listener;
  private final DirectoryRegistry registry;
  private final Reconciler reconciler;
  private final PendingChanges pending;
  private final BlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile Duration startupTime = Duration.ZERO;
  private long nextUnwatchedRescan;

  private FileWatcher(WatchService service, WatchSpec spec, WatchListener listener,
      DirectoryRegistry.Registration registration) {
    this.service = service;
    this.scope = new WatchScope(spec.roots(), spec.ignores());
    this.listener = listener;
    this.registry = new DirectoryRegistry(service, scope, listener, registration);
    this.reconciler = new Reconciler(registry, scope, listener);
    this.pending = new PendingChanges(spec.quietPeriod().toNanos(), spec.maxBatchWait().toNanos());
    this.thread = new Thread(this::run, THREAD_NAME_PREFIX + THREAD_COUNT.incrementAndGet());
    this.thread.setDaemon(true);
  }

  /**
   * Registers the roots, records what is there, and starts watching. When this returns, every
   * change below the roots is seen; what existed before is not reported.
   *
   * @throws IOException if the platform's watch service cannot be opened
   */
  public static FileWatcher start(WatchSpec spec, WatchListener listener) throws IOException {
    return start(spec, listener, DirectoryRegistry::registerWithService);
  }

  static FileWatcher start(WatchSpec spec, WatchListener listener,
      DirectoryRegistry.Registration registration) throws IOException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    long begin = System.nanoTime();
    WatchService service = spec.roots().get(0).path().getFileSystem().newWatchService();
    FileWatcher watcher = new FileWatcher(service, spec, listener, registration);
    try {
      for (Path anchor : watcher.scope.anchors()) {
        if (Files.isDirectory(anchor)) {
          watcher.reconciler.recordStartup(anchor);
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
    watcher.nextUnwatchedRescan = System.nanoTime() + UNWATCHED_RESCAN.toNanos();
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

  /** How many files (and symlinks) the watcher knows of now. */
  public int knownFileCount() {
    return reconciler.knownFileCount();
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
        rescanUnwatchedWhenDue();
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
    boolean polling = registry.anyUnwatched();
    if (pending.isEmpty() && !polling) {
      return service.take();
    }
    long now = System.nanoTime();
    long wait = Long.MAX_VALUE;
    if (!pending.isEmpty()) {
      wait = pending.nanosUntilDue(now);
    }
    if (polling) {
      wait = Math.min(wait, nextUnwatchedRescan - now);
    }
    return wait <= 0 ? service.poll() : service.poll(wait, TimeUnit.NANOSECONDS);
  }

  /** Directories without a watch raise no events: they are diffed every few seconds instead. */
  private void rescanUnwatchedWhenDue() {
    long now = System.nanoTime();
    if (now - nextUnwatchedRescan < 0) {
      return;
    }
    nextUnwatchedRescan = now + UNWATCHED_RESCAN.toNanos();
    for (Path dir : registry.unwatched()) {
      pending.rescan(dir, now);
    }
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
        pending.rescan(dir, now);
        listener.onOverflow(dir);
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (event.kind() == ENTRY_DELETE) {
        registry.forgetTree(child);
      } else if (event.kind() == ENTRY_CREATE
          && scope.shouldRegister(child)
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        // Watch it at once so nothing written in it from now on is missed; what was written before
        // is found when the batch walks it.
        registry.registerTree(child, DirectoryRegistry.REGISTER_ONLY);
        pending.touch(child, now);
        continue;
      }
      if (scope.mayReport(child) || scope.shouldRegister(child)) {
        pending.touch(child, now);
      }
    }
    if (!key.reset()) {
      registry.forget(key);
    }
  }

  private void flush() {
    PendingChanges.Taken taken = pending.take();
    ChangeBatch batch = reconciler.reconcile(taken.touched(), taken.rescans());
    if (!batch.isEmpty()) {
      batches.add(batch);
      listener.onBatch(batch);
    }
  }
}
