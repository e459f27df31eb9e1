package dev.liveupdate.watch;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.methvin.watchservice.jna.CFArrayRef;
import io.methvin.watchservice.jna.CFIndex;
import io.methvin.watchservice.jna.CFRunLoopRef;
import io.methvin.watchservice.jna.CFStringRef;
import io.methvin.watchservice.jna.CarbonAPI;
import io.methvin.watchservice.jna.FSEventStreamRef;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The native FSEvents stream of {@link FsEventsBackend}, through the JNA bindings of
 * {@code io.methvin:directory-watcher} ({@code io.methvin.watchservice.jna}): only its bindings
 * are used, not its watch service, whose hashing and recursive listing the reconciler replaces.
 *
 * <p>One stream over every path, created "since now" with file-level events ({@code
 * kFSEventStreamCreateFlagFileEvents}), without deferral ({@code NoDefer}: the first event of a
 * burst is delivered at once) and with {@code WatchRoot} (a watched directory moved or deleted is
 * reported). It is scheduled on the run loop of a daemon thread named {@code
 * liveupdate-fsevents-N}, which does nothing but run that loop; {@link #close()} stops,
 * invalidates and releases it and joins the thread.
 *
 * <p>This class only runs on macOS: loading {@link CarbonAPI} elsewhere fails with a {@link
 * LinkageError}. It is not run by this project's CI (Linux); see the site's configuration page.
 */
final class CarbonEventStream implements Closeable {

  /** How long FSEvents may gather events before calling back; the watcher batches on top. */
  static final double LATENCY_SECONDS = 0.01;
  private static final long SINCE_NOW = -1L; // kFSEventStreamEventIdSinceNow, UINT64_MAX
  private static final int NO_DEFER = 0x2;
  private static final int WATCH_ROOT = 0x4;
  private static final int FILE_EVENTS = 0x10;
  private static final long START_TIMEOUT_SECONDS = 10;
  private static final long JOIN_TIMEOUT_MILLIS = 5_000;
  private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

  private final CarbonAPI api;
  /** Held for as long as the stream lives: JNA must not collect a callback native code holds. */
  private final Delivery callback;
  private final FSEventStreamRef stream;
  private final Thread thread;
  private final CountDownLatch started = new CountDownLatch(1);
  private final Object lock = new Object();
  private CFRunLoopRef runLoop; // guarded by lock; used only while its thread runs it
  private boolean running; // guarded by lock: started, scheduled, its loop running or about to
  private boolean closed; // guarded by lock
  private volatile IOException startFailure;

  private CarbonEventStream(CarbonAPI api, Delivery callback, FSEventStreamRef stream) {
    this.api = api;
    this.callback = callback;
    this.stream = stream;
    this.thread =
        new Thread(this::runLoop, "liveupdate-fsevents-" + THREAD_COUNT.incrementAndGet());
    this.thread.setDaemon(true);
  }

  /**
   * Starts a stream over {@code realPaths}; returns once it runs.
   *
   * @throws IOException if FSEvents refuses the stream
   * @throws LinkageError if JNA or the Carbon framework cannot be loaded (not macOS)
   */
  static CarbonEventStream open(List<String> realPaths, FsEventsBackend.Callback target)
      throws IOException {
    CarbonAPI api = CarbonAPI.INSTANCE;
    Pointer[] paths = realPaths.stream()
        .map(path -> CFStringRef.toCFString(path).getPointer())
        .toArray(Pointer[]::new);
    CFArrayRef pathArray = api.CFArrayCreate(null, paths, CFIndex.valueOf(paths.length), null);
    Delivery callback = new Delivery(target);
    FSEventStreamRef stream = api.FSEventStreamCreate(Pointer.NULL, callback, Pointer.NULL,
        pathArray, SINCE_NOW, LATENCY_SECONDS, NO_DEFER | WATCH_ROOT | FILE_EVENTS);
    if (stream == null) {
      throw new IOException("FSEventStreamCreate refused to watch " + realPaths);
    }
    CarbonEventStream opened = new CarbonEventStream(api, callback, stream);
    opened.thread.start();
    try {
      if (!opened.started.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        opened.startFailure = new IOException("The FSEvents stream over " + realPaths
            + " did not start within " + START_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      opened.startFailure = new IOException("Interrupted while starting FSEvents", e);
    }
    if (opened.startFailure != null) {
      opened.close();
      throw opened.startFailure;
    }
    return opened;
  }

  private void runLoop() {
    synchronized (lock) {
      if (closed) {
        started.countDown();
        return;
      }
      runLoop = api.CFRunLoopGetCurrent();
      api.FSEventStreamScheduleWithRunLoop(stream, runLoop,
          CFStringRef.toCFString("kCFRunLoopDefaultMode"));
      running = api.FSEventStreamStart(stream);
      if (!running) {
        api.FSEventStreamInvalidate(stream); // on this thread, while its run loop exists
        startFailure = new IOException("FSEventStreamStart failed");
      }
      started.countDown();
      if (!running) {
        return;
      }
    }
    // Returns when close() stops the loop, or at once if close() already unscheduled the stream.
    api.CFRunLoopRun();
    synchronized (lock) {
      if (!closed && running) { // not asked to stop: say so, and leave nothing scheduled
        running = false;
        api.FSEventStreamStop(stream);
        api.FSEventStreamInvalidate(stream);
        callback.target().failed(new IOException("The FSEvents run loop ended by itself"));
      }
    }
  }

  /**
   * Stops the stream and its thread, then releases the stream: the callback cannot run after
   * this returns. A run loop is stopped only while its thread is in it or about to be (stopping
   * one whose thread has ended crashes some FSEvents users on teardown).
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (running) {
        running = false;
        api.FSEventStreamStop(stream);
        api.FSEventStreamInvalidate(stream); // unschedules it: the loop has nothing left to run
        api.CFRunLoopStop(runLoop);
      }
    }
    try {
      thread.join(JOIN_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      api.FSEventStreamRelease(stream); // no callback can be running any more
    }
  }

  /** Reads one callback's arrays and hands them on; nothing may escape into native code. */
  private record Delivery(FsEventsBackend.Callback target)
      implements CarbonAPI.FSEventStreamCallback {
    @Override
    public void invoke(FSEventStreamRef streamRef, Pointer clientCallBackInfo,
        NativeLong numEvents, Pointer eventPaths, Pointer eventFlags, Pointer eventIds) {
      try {
        int count = Math.toIntExact(numEvents.longValue());
        target.events(eventPaths.getStringArray(0, count, "UTF-8"),
            eventFlags.getIntArray(0, count));
      } catch (RuntimeException | Error e) {
        target.failed(e);
      }
    }
  }
}
