package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices requests of some kinds and hands each batch to a sink: the supervisor's restart and
 * DevTools requests, or the agent's hot-swap requests. By default it waits on a
 * {@link WatchService} (inotify on Linux: no work at all while idle, a request is seen within a
 * millisecond) and lists the directory again every {@link #RESCAN} anyway, so an event lost to a
 * queue overflow or to a file system that does not report changes costs at most that much. When the
 * directory cannot be watched (inotify instance limit reached, for one), or with {@code --poll}, it
 * lists the directory at a fixed interval instead.
 *
 * <p>Idle cost, measured on JDK 17 with the recommended flags over 120 s on a loaded 2-core machine
 * (CPU ticks of 10 ms from {@code /proc/PID/stat}): watching 10 ticks (0.08 % of a core, as much as a
 * JVM doing nothing), {@code --poll 20ms} 103 ticks (0.86 %), {@code --poll 10ms} 132 ticks (1.1 %).
 */
final class RequestWatcher implements AutoCloseable {

  static final Duration RESCAN = Duration.ofSeconds(1);
  static final Duration FALLBACK_POLL = Duration.ofMillis(20);

  private final ControlDirectory control;
  private final Set<ControlDirectory.Kind> kinds;
  private final Consumer<List<ControlDirectory.Request>> sink;
  private final Thread thread;
  private Optional<Duration> poll;
  private WatchService watcher;
  private volatile boolean closed;

  RequestWatcher(ControlDirectory control, Set<ControlDirectory.Kind> kinds, String threadName,
      Optional<Duration> poll, Consumer<List<ControlDirectory.Request>> sink) {
    this.control = control;
    this.kinds = kinds;
    this.poll = poll;
    this.sink = sink;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  /** Starts watching; returns how, for the log. */
  String start() {
    if (poll.isEmpty()) {
      try {
        watcher = control.dir.getFileSystem().newWatchService();
        control.dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      } catch (IOException | UnsupportedOperationException e) {
        closeWatcher();
        watcher = null;
        poll = Optional.of(FALLBACK_POLL);
        thread.start();
        return "looking every " + FALLBACK_POLL.toMillis() + " ms (cannot watch: " + e + ")";
      }
    }
    thread.start();
    return poll.map(p -> "looking every " + p.toMillis() + " ms")
        .orElse("watching, and looking every " + RESCAN.toMillis() + " ms");
  }

  private void run() {
    while (!closed) {
      try {
        List<ControlDirectory.Request> batch = control.take(kinds);
        if (!batch.isEmpty()) {
          sink.accept(batch);
        }
        awaitChange();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
        Log.info("cannot read the control directory " + control.dir + ", trying again in 1 s: " + e);
        try {
          Thread.sleep(1000);
          control.create();
        } catch (InterruptedException stop) {
          return;
        } catch (IOException again) {
          // reported on the next round
        }
      }
    }
  }

  private void awaitChange() throws InterruptedException, IOException {
    if (watcher == null) {
      Thread.sleep(poll.get().toMillis());
      return;
    }
    WatchKey key = watcher.poll(RESCAN.toMillis(), TimeUnit.MILLISECONDS);
    if (key != null) {
      key.pollEvents();
      if (!key.reset()) { // the directory was removed: make it again
        control.create();
        control.dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    closeWatcher();
    thread.interrupt();
    thread.join(5000);
  }

  private void closeWatcher() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        Log.info("cannot close the control directory watcher: " + e);
      }
    }
  }
}
