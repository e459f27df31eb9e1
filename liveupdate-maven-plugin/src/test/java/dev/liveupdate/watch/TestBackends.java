package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event sources made for tests, each far worse than a real one, to show that the reconciler, not
 * the backend, makes the watcher lossless: one never names a path, one throws events away.
 */
final class TestBackends {

  private TestBackends() {}

  /**
   * A backend that never names a path: at seeded random moments, 0 to 150 ms apart, it says
   * "check" or "lost" of a whole anchor, and nothing else.
   */
  static final class RescanOnly implements WatchBackend {
    final AtomicInteger rescans = new AtomicInteger();
    private final List<Path> anchors;
    private final Random random;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Set<Path> watched = ConcurrentHashMap.newKeySet();
    private long nextNanos = System.nanoTime();

    RescanOnly(Set<Path> anchors, long seed) {
      this.anchors = List.copyOf(anchors);
      this.random = new Random(seed);
    }

    @Override
    public void await(long timeoutNanos, Hints hints) throws InterruptedException {
      long wait = Math.min(nextNanos - System.nanoTime(), timeoutNanos);
      if (wait > 0 && closed.await(wait, TimeUnit.NANOSECONDS)) {
        throw new ClosedWatchServiceException();
      }
      if (closed.getCount() == 0) {
        throw new ClosedWatchServiceException();
      }
      if (System.nanoTime() - nextNanos < 0) {
        return; // the watcher's own deadline came first
      }
      Path anchor = anchors.get(random.nextInt(anchors.size()));
      if (random.nextBoolean()) {
        hints.check(anchor);
      } else {
        hints.lost(anchor);
      }
      rescans.incrementAndGet();
      nextNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(150));
    }

    @Override
    public String name() {
      return "rescan-only test source";
    }

    @Override
    public void watch(Path dir) {
      watched.add(dir);
    }

    @Override
    public void forget(Path path) {
      watched.removeIf(dir -> dir.startsWith(path));
    }

    @Override
    public int watchedDirectoryCount() {
      return watched.size();
    }

    @Override
    public boolean isWatched(Path dir) {
      return watched.contains(dir);
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  /**
   * The JDK's backend with a seeded share of its hints thrown away, {@code appeared} ones (new
   * folders left unwatched) included. A loss is owned up to later, 0 to 300 ms after it or with
   * the next hint that gets through, whichever comes first, by losing a whole anchor, as FSEvents
   * marks the event after a drop with {@code MustScanSubDirs}.
   */
  static final class Lossy implements WatchBackend {
    final AtomicInteger dropped = new AtomicInteger();
    private final WatchBackend inner;
    private final List<Path> anchors;
    private final Random random;
    private final double dropShare;
    private long owedAt = Long.MAX_VALUE;

    Lossy(WatchBackend inner, Set<Path> anchors, long seed, double dropShare) {
      this.inner = inner;
      this.anchors = List.copyOf(anchors);
      this.random = new Random(seed);
      this.dropShare = dropShare;
    }

    @Override
    public void await(long timeoutNanos, Hints hints) throws InterruptedException {
      long now = System.nanoTime();
      if (owedAt != Long.MAX_VALUE && owedAt - now <= 0) {
        owedAt = Long.MAX_VALUE;
        anchors.forEach(hints::lost);
        return;
      }
      long wait = owedAt == Long.MAX_VALUE ? timeoutNanos : Math.min(timeoutNanos, owedAt - now);
      inner.await(wait, new Hints() {
        @Override
        public void changed(Path path) {
          if (!drop()) {
            owned(hints);
            hints.changed(path);
          }
        }

        @Override
        public void appeared(Path dir) {
          if (!drop()) {
            owned(hints);
            hints.appeared(dir);
          }
        }

        @Override
        public void check(Path path) {
          if (!drop()) {
            owned(hints);
            hints.check(path);
          }
        }

        @Override
        public void lost(Path dir) {
          if (!drop()) {
            owned(hints);
            hints.lost(dir);
          }
        }
      });
    }

    /**
     * A loss still owed is owned up to before the next hint that gets through, at the latest, as
     * FSEvents sets {@code MustScanSubDirs} on the first event it delivers after a drop: no hint
     * ever overtakes the news of a loss before it (a test waiting for its last file's hint would
     * otherwise compare while the loss is still unsaid).
     */
    private void owned(Hints hints) {
      if (owedAt != Long.MAX_VALUE) {
        owedAt = Long.MAX_VALUE;
        anchors.forEach(hints::lost);
      }
    }

    private boolean drop() {
      if (random.nextDouble() >= dropShare) {
        return false;
      }
      dropped.incrementAndGet();
      if (owedAt == Long.MAX_VALUE) {
        owedAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(300));
      }
      return true;
    }

    @Override
    public String name() {
      return "lossy " + inner.name();
    }

    @Override
    public void watch(Path dir) throws IOException {
      inner.watch(dir);
    }

    @Override
    public void forget(Path path) {
      inner.forget(path);
    }

    @Override
    public int watchedDirectoryCount() {
      return inner.watchedDirectoryCount();
    }

    @Override
    public boolean isWatched(Path dir) {
      return inner.isWatched(dir);
    }

    @Override
    public void close() throws IOException {
      inner.close();
    }
  }
}
