package dev.liveupdate.watch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * macOS FSEvents as a {@link WatchBackend}: one native stream over every anchor, recursive, with
 * file-level events, which calls back on its own thread within about {@link
 * CarbonEventStream#LATENCY_SECONDS} of a change. {@link FsEventsMapping} turns each callback's
 * events into hints, which a {@link HintQueue} hands to the watcher's thread. The stream covers
 * every folder below the anchors, folders created later included, so {@link #watch} only records
 * a folder, and never fails.
 *
 * <p>The native stream is behind {@link StreamOpener}: {@link CarbonEventStream} on macOS, and
 * tests feed recorded events through their own, so everything here but the native calls runs on
 * every platform.
 */
final class FsEventsBackend implements WatchBackend {

  /** How many hints may wait for the watcher's thread before they are dropped for a rescan. */
  static final int QUEUE_CAPACITY = 50_000;

  /** What the native stream calls, on its own thread. */
  interface Callback {
    /** One callback's events: paths as FSEvents reports them, and their flags. */
    void events(String[] paths, int[] flags);

    /** The stream cannot deliver events any more. */
    void failed(Throwable cause);
  }

  /** Opens the native stream; events flow once it returns, until it is closed. */
  @FunctionalInterface
  interface StreamOpener {
    /**
     * @param realPaths the directories to watch recursively, as real paths
     */
    Closeable open(List<String> realPaths, Callback callback) throws IOException;
  }

  private final List<Path> anchors;
  private final HintQueue queue;
  private final Closeable stream;
  private final Set<Path> watched = ConcurrentHashMap.newKeySet();

  private FsEventsBackend(List<Path> anchors, HintQueue queue, Closeable stream) {
    this.anchors = anchors;
    this.queue = queue;
    this.stream = stream;
  }

  /** The backend of this machine: fails unless it is a Mac. */
  static Factory factory() {
    return factory(CarbonEventStream::open, System.getProperty("os.name", ""), QUEUE_CAPACITY);
  }

  /**
   * Backends whose native stream {@code opener} opens.
   *
   * @param osName the {@code os.name} to check: FSEvents exists only on macOS
   */
  static Factory factory(StreamOpener opener, String osName, int queueCapacity) {
    return (anchors, scope, listener) -> {
      if (!WatchBackends.isMac(osName)) {
        throw new IOException("macOS FSEvents cannot be used on " + osName
            + ": it exists only on macOS");
      }
      Map<Path, String> realPaths = new LinkedHashMap<>();
      for (Path anchor : anchors) {
        if (Files.isDirectory(anchor)) {
          realPaths.put(anchor, anchor.toRealPath().toString());
        }
      }
      HintQueue queue = new HintQueue(queueCapacity);
      Closeable stream = realPaths.isEmpty() ? () -> { }
          : opener.open(List.copyOf(realPaths.values()),
              new Queueing(new FsEventsMapping(realPaths), scope, queue));
      return new FsEventsBackend(List.copyOf(realPaths.keySet()), queue, stream);
    };
  }

  @Override
  public String name() {
    return "macOS FSEvents";
  }

  /** Records the folder: the stream already covers it. */
  @Override
  public void watch(Path dir) {
    watched.add(dir);
  }

  @Override
  public void forget(Path path) {
    watched.removeIf(dir -> dir.startsWith(path));
  }

  /** Hands over what the stream reported; after dropped hints, every anchor is lost. */
  @Override
  public void await(long timeoutNanos, Hints hints) throws InterruptedException {
    HintQueue.Taken taken = queue.take(timeoutNanos);
    if (taken.overflowed()) {
      anchors.forEach(hints::lost);
    }
    taken.hints().forEach(hint -> hint.deliverTo(hints));
  }

  @Override
  public int watchedDirectoryCount() {
    return watched.size();
  }

  @Override
  public boolean isWatched(Path dir) {
    return watched.contains(dir);
  }

  /** Stops the stream (and its thread) and wakes the watcher's thread. */
  @Override
  public void close() throws IOException {
    try {
      queue.close();
    } finally {
      stream.close();
    }
  }

  /**
   * Maps each callback's events on the stream's thread and queues the hints in scope: the stream
   * covers ignored folders too ({@code .git/} during a checkout, {@code target/} during a build),
   * whose churn must not fill the queue.
   */
  private record Queueing(FsEventsMapping mapping, WatchScope scope, HintQueue queue)
      implements Callback {
    @Override
    public void events(String[] paths, int[] flags) {
      try {
        List<WatchHint> hints = mapping.map(paths, flags);
        hints.removeIf(hint -> hint.kind() != WatchHint.Kind.LOST
            && !scope.mayReport(hint.path()) && !scope.shouldRegister(hint.path()));
        queue.addAll(hints);
      } catch (RuntimeException e) {
        queue.fail(e);
      }
    }

    @Override
    public void failed(Throwable cause) {
      queue.fail(cause);
    }
  }
}
