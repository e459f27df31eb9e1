package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches the roots of a {@link WatchSpec} with the platform's file events and turns them into
 * {@link ChangeBatch}es that never miss a change.
 *
 * <p><b>Where events come from.</b> A {@link WatchBackend}: the JDK's {@code WatchService}
 * (inotify on Linux) everywhere but on macOS, where the JDK polls every 2 to 10 s and FSEvents is
 * used instead; {@link WatchBackends} says how it is picked and how to force one.
 *
 * <p><b>Events say where to look, the known state says what changed.</b> At start-up every
 * directory in scope is watched and every reported file is recorded with its size, mtime, inode
 * and exec bit ({@link KnownTree}). A batch is made by looking at the touched paths again and
 * comparing with that state ({@link Reconciler}), whatever the backend: a touched folder is walked
 * and diffed, so files in folders created, moved in, renamed or replaced within one batch are
 * found, and files gone with them are reported deleted. A path that lived only within the batch
 * (an editor's temporary file, {@code sed -i}'s) is not reported at all.
 *
 * <p><b>Doubt means a rescan.</b> When events were lost (the JDK's per-directory queue of 512
 * events, or the kernel's queue, overflowed; FSEvents dropped some) the affected directory is
 * rescanned and diffed at the next batch. A directory that cannot be watched (the inotify watch
 * limit, say) is rescanned every {@link #UNWATCHED_RESCAN} instead, and watching it is tried again
 * each time.
 *
 * <p><b>Batching.</b> A batch is flushed when no event has arrived for the quiet period, or at the
 * latest the batch cap after its first event. Directories are never reported as changed; a deleted
 * directory is one path. Ignored paths never appear. Symlinks are reported, never followed.
 *
 * <p><b>Threads.</b> One daemon thread named {@code liveupdate-watch-N} per watcher (and the
 * backend's own, if it has one), stopped and joined by {@link #close()}. {@link #poll} may be
 * called from any thread.
 */
public final class FileWatcher implements AutoCloseable {

  static final String THREAD_NAME_PREFIX = "liveupdate-watch-";
  private volatile long lastDetectNanos = -1;
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();
  private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
  /** How often directories that could not be registered are rescanned. */
  static final Duration UNWATCHED_RESCAN = Duration.ofSeconds(2);
  /** Queued when the thread ends, so that a waiting {@link #poll} returns at once. */
  private static final ChangeBatch STOPPED = ChangeBatch.of(Set.of(), Set.of());

  private final WatchBackend backend;
  private final WatchScope scope;
  private final WatchListener listener;
  private final DirectoryRegistry registry;
  private final Reconciler reconciler;
  private final PendingChanges pending;
  private final WatchBackend.Hints hints = new Hints();
  private final BlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile Duration startupTime = Duration.ZERO;
  private long nextUnwatchedRescan;

  private FileWatcher(WatchBackend backend, WatchScope scope, WatchSpec spec,
      WatchListener listener) {
    this.backend = backend;
    this.scope = scope;
    this.listener = listener;
    this.registry = new DirectoryRegistry(backend, scope, listener);
    this.reconciler = new Reconciler(registry, scope, listener);
    this.pending = new PendingChanges(spec.quietPeriod().toNanos(), spec.maxBatchWait().toNanos());
    this.thread = new Thread(this::run, THREAD_NAME_PREFIX + THREAD_COUNT.incrementAndGet());
    this.thread.setDaemon(true);
  }

  /**
   * Watches the roots, records what is there, and starts. When this returns, every change below
   * the roots is seen; what existed before is not reported. The backend is the platform's
   * ({@link WatchBackends#fromSystemProperties()}).
   *
   * @throws IOException if the platform's event source cannot be opened
   * @throws IllegalArgumentException if {@value WatchBackends#PROPERTY} names no backend
   */
  public static FileWatcher start(WatchSpec spec, WatchListener listener) throws IOException {
    return start(spec, listener, WatchBackends.fromSystemProperties());
  }

  /** With the JDK backend, registering directories with {@code registration}. */
  static FileWatcher start(WatchSpec spec, WatchListener listener,
      JdkWatchBackend.Registration registration) throws IOException {
    return start(spec, listener, JdkWatchBackend.factory(registration));
  }

  /** With the backend {@code backends} opens. */
  static FileWatcher start(WatchSpec spec, WatchListener listener, WatchBackend.Factory backends)
      throws IOException {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(listener, "listener");
    long begin = System.nanoTime();
    WatchScope scope = new WatchScope(spec.roots(), spec.ignores());
    Set<Path> anchors = scope.anchors();
    WatchBackend backend = backends.open(anchors, scope, listener);
    FileWatcher watcher = new FileWatcher(backend, scope, spec, listener);
    try {
      for (Path anchor : anchors) {
        if (Files.isDirectory(anchor)) {
          watcher.reconciler.recordStartup(anchor);
        } else {
          listener.onWarning("Nothing to watch: " + anchor + " is not a directory", null);
        }
      }
    } catch (RuntimeException e) {
      try {
        backend.close();
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
  /**
   * How long the latest batch took from its first file event to being handed over (the quiet
   * period and the reconciling), for an update's summary; empty before the first batch.
   */
  public java.util.Optional<Duration> lastDetect() {
    long nanos = lastDetectNanos;
    return nanos < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(nanos));
  }

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

  /** Where the events come from: {@code "JDK WatchService"} or {@code "macOS FSEvents"}. */
  public String backendName() {
    return backend.name();
  }

  /** How many directories are watched now. */
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
   * Stops the thread and closes the backend. Waits for the thread to end (a few seconds at
   * most); batches not yet taken can still be polled.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      backend.close(); // wakes the thread: await() throws ClosedWatchServiceException
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
        backend.await(nanosToWait(), hints);
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

  /** Until the batch is due or unwatched folders are to be rescanned; else until an event. */
  private long nanosToWait() {
    long now = System.nanoTime();
    long wait = pending.isEmpty() ? Long.MAX_VALUE : pending.nanosUntilDue(now);
    if (registry.anyUnwatched()) {
      wait = Math.min(wait, nextUnwatchedRescan - now);
    }
    return wait;
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

  private void flush() {
    long first = pending.firstNanos();
    PendingChanges.Taken taken = pending.take();
    ChangeBatch batch = reconciler.reconcile(taken.touched(), taken.rescans());
    if (!batch.isEmpty()) {
      lastDetectNanos = System.nanoTime() - first;
      batches.add(batch);
      listener.onBatch(batch);
    }
  }

  /** The backend's hints, recorded for the next batch; paths out of scope are dropped. */
  private final class Hints implements WatchBackend.Hints {

    @Override
    public void changed(Path path) {
      if (inScope(path)) {
        pending.touch(path, System.nanoTime());
      }
    }

    @Override
    public void appeared(Path dir) {
      if (scope.shouldRegister(dir)) {
        registry.registerTree(dir, DirectoryRegistry.REGISTER_ONLY);
      }
      changed(dir);
    }

    @Override
    public void check(Path path) {
      if (inScope(path)) {
        pending.rescan(path, System.nanoTime());
      }
    }

    @Override
    public void lost(Path dir) {
      pending.rescan(dir, System.nanoTime());
      listener.onOverflow(dir);
    }

    private boolean inScope(Path path) {
      return scope.mayReport(path) || scope.shouldRegister(path);
    }
  }
}
