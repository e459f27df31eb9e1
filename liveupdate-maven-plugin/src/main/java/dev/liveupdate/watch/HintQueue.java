package dev.liveupdate.watch;

import java.nio.file.ClosedWatchServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Hints handed from the thread that receives a backend's events to the watcher's thread. Bounded:
 * when the watcher falls behind (a slow listener, a branch switch of 100,000 files) the hints are
 * dropped and the next {@link #take} says so, and the watcher rescans everything instead, as it
 * does when the JDK's queue overflows.
 */
final class HintQueue {

  /** What {@link #take} hands over. */
  record Taken(List<WatchHint> hints, boolean overflowed) {}

  private static final Taken NOTHING = new Taken(List.of(), false);

  private final int capacity;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private List<WatchHint> hints = new ArrayList<>();
  private boolean overflowed;
  private boolean closed;
  private Throwable failure;

  HintQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Adds hints; past the capacity, forgets every hint held (a rescan of everything covers them)
   * and remembers that it did.
   */
  void addAll(List<WatchHint> more) {
    if (more.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      if (hints.size() + more.size() > capacity) {
        hints.clear();
        overflowed = true;
      } else {
        hints.addAll(more);
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The source of hints failed: the next {@link #take} throws with this cause. */
  void fail(Throwable cause) {
    lock.lock();
    try {
      if (failure == null) {
        failure = cause;
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a waiting {@link #take}, which throws from then on. */
  void close() {
    lock.lock();
    try {
      closed = true;
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Everything added since the last take, waiting up to {@code timeoutNanos} for something
   * ({@link Long#MAX_VALUE}: until something comes; zero or less: not at all).
   *
   * @throws ClosedWatchServiceException once closed
   * @throws IllegalStateException once the source {@linkplain #fail failed}, with its cause
   */
  Taken take(long timeoutNanos) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long remaining = timeoutNanos;
      while (!closed && failure == null && hints.isEmpty() && !overflowed) {
        if (timeoutNanos == Long.MAX_VALUE) {
          ready.await();
        } else if (remaining <= 0) {
          return NOTHING;
        } else {
          remaining = ready.awaitNanos(remaining);
        }
      }
      if (closed) {
        throw new ClosedWatchServiceException();
      }
      if (failure != null) {
        throw new IllegalStateException("The file event source failed: " + failure, failure);
      }
      Taken taken = new Taken(hints, overflowed);
      hints = new ArrayList<>();
      overflowed = false;
      return taken;
    } finally {
      lock.unlock();
    }
  }

  /** For tests: how many hints are held. */
  int size() {
    lock.lock();
    try {
      return hints.size();
    } finally {
      lock.unlock();
    }
  }
}
