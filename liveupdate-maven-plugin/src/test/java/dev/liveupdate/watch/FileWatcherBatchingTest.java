package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batching, overflow recovery and the watcher's lifecycle. */
class FileWatcherBatchingTest {

  @TempDir Path basedir;
  private FileWatcher watcher;

  @AfterEach
  void tearDown() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
  }

  private WatchSpec spec() {
    return WatchSpec.of(
        List.of(WatchRoot.directory(basedir)),
        IgnoreRules.defaults(basedir, basedir.resolve("target")));
  }

  @Test
  void burstOf500FilesLandsInFewBatchesWithNothingMissed() throws Exception {
    // generous periods: on a loaded 2-core machine the writes below can pause for a few 100 ms
    WatchSpec spec =
        spec().withQuietPeriod(Duration.ofMillis(500)).withMaxBatchWait(Duration.ofSeconds(10));
    watcher = FileWatcher.start(spec, WatchListener.NONE);
    BatchCollector batches = new BatchCollector(watcher);
    Set<Path> expected = new TreeSet<>();

    for (int dir = 0; dir < 50; dir++) {
      Path parent = Files.createDirectories(basedir.resolve("pkg" + dir + "/sub"));
      for (int file = 0; file < 10; file++) {
        expected.add(Files.writeString(parent.resolve("F" + file + ".java"), "class F {}"));
      }
    }

    batches.awaitChanged(expected.toArray(Path[]::new));
    assertEquals(expected, batches.changed());
    assertTrue(batches.batches().size() <= 2, "batches: " + batches.batches().size());
    assertEquals(Set.of(), batches.deleted());
  }

  @Test
  void capFlushesWhileWritesNeverStop() throws Exception {
    WatchSpec spec =
        spec().withQuietPeriod(Duration.ofSeconds(20)).withMaxBatchWait(Duration.ofMillis(200));
    watcher = FileWatcher.start(spec, WatchListener.NONE);
    AtomicBoolean writing = new AtomicBoolean(true);
    Path log = basedir.resolve("stream.txt");
    Thread writer =
        new Thread(
            () -> {
              try {
                for (int i = 0; writing.get(); i++) {
                  Files.writeString(log, "line " + i);
                  Thread.sleep(10); // pacing the stream, not synchronisation
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "test-writer");
    writer.start();
    try {
      ChangeBatch first = watcher.poll(Duration.ofSeconds(10));
      assertNotNull(first, "no batch although the cap is 200 ms");
      assertTrue(writer.isAlive(), "the batch came while writes were still arriving");
      assertEquals(Set.of(log), first.changed());
      assertNotNull(watcher.poll(Duration.ofSeconds(10)), "the cap flushes again and again");
    } finally {
      writing.set(false);
      writer.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  @Test
  void lostEventsAreRecoveredByRescanning() throws Exception {
    CountDownLatch listenerBlocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Path> overflowed = new CopyOnWriteArrayList<>();
    WatchListener blockOnFirstBatch =
        new WatchListener() {
          @Override
          public void onWarning(String message, Throwable cause) {}

          @Override
          public void onOverflow(Path directory) {
            overflowed.add(directory);
          }

          @Override
          public void onBatch(ChangeBatch batch) {
            if (listenerBlocked.getCount() > 0) {
              listenerBlocked.countDown();
              await(release);
            }
          }
        };
    Path dir = Files.createDirectories(basedir.resolve("many"));
    watcher = FileWatcher.start(spec(), blockOnFirstBatch);
    BatchCollector batches = new BatchCollector(watcher);
    Files.writeString(basedir.resolve("trigger"), "t");
    assertTrue(listenerBlocked.await(10, TimeUnit.SECONDS), "first batch flushed");

    // the watcher's thread is stuck in the listener: more than the JDK's 512 events per key pile up
    Set<Path> expected = new TreeSet<>();
    for (int i = 0; i < 1000; i++) {
      expected.add(Files.writeString(dir.resolve("f" + i), "x"));
    }
    release.countDown();

    batches.awaitChanged(expected.toArray(Path[]::new));
    assertTrue(overflowed.contains(dir), "overflow reported for " + dir + ": " + overflowed);
  }

  @Test
  void closeStopsTheThreadAndTheWatchService() throws Exception {
    int jdkWatchThreadsBefore = countThreads("FileSystemWatch");
    assertEquals(0, countThreads(FileWatcher.THREAD_NAME_PREFIX), "left over from another test");

    watcher = FileWatcher.start(spec(), WatchListener.NONE);
    assertEquals(1, countThreads(FileWatcher.THREAD_NAME_PREFIX));
    assertEquals(jdkWatchThreadsBefore + 1, countThreads("FileSystemWatch"));
    assertTrue(watcher.registeredDirectoryCount() >= 1);
    assertFalse(watcher.startupTime().isNegative());

    watcher.close();
    assertEquals(0, countThreads(FileWatcher.THREAD_NAME_PREFIX));
    // the JDK's poller thread ends just after it has answered the close request
    Awaitility.await("the JDK's watch thread ends").atMost(BatchCollector.DEADLINE)
        .pollInterval(Duration.ofMillis(5))
        .until(() -> countThreads("FileSystemWatch") <= jdkWatchThreadsBefore);
    assertEquals(jdkWatchThreadsBefore, countThreads("FileSystemWatch"), "WatchService closed");
    assertNull(watcher.poll(Duration.ofSeconds(30)), "a closed watcher does not block");
    watcher.close(); // twice is harmless
  }

  @Test
  void aFailureOnTheWatcherThreadReachesPollWithItsCause() throws Exception {
    IllegalStateException boom = new IllegalStateException("listener broke");
    List<String> warnings = new CopyOnWriteArrayList<>();
    WatchListener failing =
        new WatchListener() {
          @Override
          public void onWarning(String message, Throwable cause) {
            warnings.add(message);
          }

          @Override
          public void onBatch(ChangeBatch batch) {
            throw boom;
          }
        };
    watcher = FileWatcher.start(spec(), failing);
    Path file = Files.writeString(basedir.resolve("a.txt"), "a");

    assertEquals(Set.of(file), watcher.poll(Duration.ofSeconds(10)).changed(), "batch kept");
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> watcher.poll(Duration.ofSeconds(10)));
    assertSame(boom, thrown.getCause());
    assertEquals(1, warnings.size(), "reported once: " + warnings);
    assertThrows(IllegalStateException.class, () -> watcher.poll(Duration.ofSeconds(10)));
  }

  private static int countThreads(String namePrefix) {
    AtomicInteger count = new AtomicInteger();
    Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith(namePrefix))
        .forEach(thread -> count.incrementAndGet());
    return count.get();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test never released the listener");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
