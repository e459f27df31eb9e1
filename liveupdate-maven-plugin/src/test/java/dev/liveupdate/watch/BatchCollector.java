package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Takes batches from a watcher until a condition holds or a deadline passes, and remembers what
 * was reported since the last {@link #reset()}.
 */
final class BatchCollector {

  static final Duration DEADLINE = Duration.ofSeconds(10);

  private final FileWatcher watcher;
  private final List<ChangeBatch> batches = new ArrayList<>();
  private final Map<Path, Boolean> lastStateChanged = new HashMap<>();

  BatchCollector(FileWatcher watcher) {
    this.watcher = watcher;
  }

  /** Forgets what was collected so far. */
  void reset() {
    batches.clear();
    lastStateChanged.clear();
  }

  List<ChangeBatch> batches() {
    return batches;
  }

  /** Every path reported as changed in any batch since the last reset. */
  Set<Path> changed() {
    Set<Path> changed = new TreeSet<>();
    batches.forEach(batch -> changed.addAll(batch.changed()));
    return changed;
  }

  /** Every path reported as deleted in any batch since the last reset. */
  Set<Path> deleted() {
    Set<Path> deleted = new TreeSet<>();
    batches.forEach(batch -> deleted.addAll(batch.deleted()));
    return deleted;
  }

  /** Whether the last report of {@code path} said it changed. */
  boolean isChanged(Path path) {
    return Boolean.TRUE.equals(lastStateChanged.get(path));
  }

  /** Whether the last report of {@code path} said it was deleted. */
  boolean isDeleted(Path path) {
    return Boolean.FALSE.equals(lastStateChanged.get(path));
  }

  void awaitChanged(Path... paths) throws InterruptedException {
    await(() -> missing(paths, this::isChanged).isEmpty(), () -> "changed " + missing(paths, this::isChanged));
  }

  void awaitDeleted(Path... paths) throws InterruptedException {
    await(() -> missing(paths, this::isDeleted).isEmpty(), () -> "deleted " + missing(paths, this::isDeleted));
  }

  private static List<Path> missing(Path[] paths, Predicate<Path> reported) {
    return Stream.of(paths).filter(reported.negate()).toList();
  }

  /**
   * Everything reported until {@code sentinel} (written by the caller after the changes under test)
   * shows up, without the sentinel. Events are delivered in order, so whatever the earlier changes
   * produce is reported by then.
   */
  Set<Path> changedUntil(Path sentinel) throws InterruptedException {
    awaitChanged(sentinel);
    Set<Path> changed = changed();
    changed.remove(sentinel);
    return changed;
  }

  /** Polls batches until {@code condition} holds; fails after {@link #DEADLINE}. */
  void await(BooleanSupplier condition, String description) throws InterruptedException {
    await(condition, () -> description);
  }

  private void await(BooleanSupplier condition, Supplier<String> description) {
    try {
      Awaitility.await().atMost(DEADLINE).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(1)).pollInSameThread().until(() -> {
            if (condition.getAsBoolean()) {
              return true;
            }
            ChangeBatch batch = watcher.poll(Duration.ofMillis(100));
            if (batch != null) {
              batches.add(batch);
              // a path in both was replaced (a file by a folder or back): removed, then written
              batch.deleted().forEach(path -> lastStateChanged.put(path, false));
              batch.changed().forEach(path -> lastStateChanged.put(path, true));
            }
            return condition.getAsBoolean();
          });
    } catch (ConditionTimeoutException e) {
      fail("Not seen within " + DEADLINE + ": " + abbreviate(description.get()) + "; got "
          + abbreviate(batches.toString()), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "... (" + text.length() + " chars)";
  }
}
