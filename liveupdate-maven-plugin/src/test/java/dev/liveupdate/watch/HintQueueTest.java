package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The hand-over from FSEvents' thread to the watcher's. */
class HintQueueTest {

  private static final WatchHint A = WatchHint.changed(Path.of("/p/a"));
  private static final WatchHint B = WatchHint.check(Path.of("/p/b"));

  @Test
  void takesEverythingAddedInOrder() throws Exception {
    HintQueue queue = new HintQueue(10);
    queue.addAll(List.of(A));
    queue.addAll(List.of(B, A));

    HintQueue.Taken taken = queue.take(0);
    assertEquals(List.of(A, B, A), taken.hints());
    assertFalse(taken.overflowed());
    assertEquals(List.of(), queue.take(0).hints(), "nothing twice");
  }

  @Test
  void pastTheCapacityEverythingHeldIsDroppedAndTheOverflowSaid() throws Exception {
    HintQueue queue = new HintQueue(3);
    queue.addAll(List.of(A, B));
    queue.addAll(List.of(A, B)); // 4 > 3
    queue.addAll(List.of(B));

    HintQueue.Taken taken = queue.take(0);
    assertTrue(taken.overflowed());
    assertEquals(List.of(B), taken.hints(), "what came after the overflow is kept");
    assertFalse(queue.take(0).overflowed(), "said once");
  }

  @Test
  void waitsForHintsFromAnotherThreadAndTimesOut() throws Exception {
    HintQueue queue = new HintQueue(10);
    long begin = System.nanoTime();
    assertEquals(List.of(), queue.take(TimeUnit.MILLISECONDS.toNanos(50)).hints());
    assertTrue(System.nanoTime() - begin >= TimeUnit.MILLISECONDS.toNanos(50), "waited");

    CompletableFuture<HintQueue.Taken> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    queue.addAll(List.of(A));
    assertEquals(List.of(A), waiting.get(10, TimeUnit.SECONDS).hints());
  }

  @Test
  void closeWakesAWaitingTakeAndFailureCarriesItsCause() throws Exception {
    HintQueue queue = new HintQueue(10);
    CompletableFuture<HintQueue.Taken> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return queue.take(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    queue.close();
    Throwable closed = assertThrows(java.util.concurrent.ExecutionException.class,
        () -> waiting.get(10, TimeUnit.SECONDS)).getCause();
    assertTrue(closed instanceof ClosedWatchServiceException, closed.toString());

    HintQueue failing = new HintQueue(10);
    Error cause = new UnsatisfiedLinkError("Carbon");
    failing.fail(cause);
    long tenSeconds = Duration.ofSeconds(10).toNanos();
    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> failing.take(tenSeconds));
    assertSame(cause, thrown.getCause());
  }
}
