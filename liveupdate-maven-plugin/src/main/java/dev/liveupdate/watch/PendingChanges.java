package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paths touched since the last flush and when the first and last of them arrived. Owned by
 * the watcher's thread.
 */
final class PendingChanges {

  private final long quietNanos;
  private final long capNanos;
  private final Set<Path> touched = new HashSet<>();
  /** Touched paths whose first event of this batch created them: they did not exist before it. */
  private final Set<Path> created = new HashSet<>();
  private final Set<Path> overflowed = new HashSet<>();
  private long firstNanos;
  private long lastNanos;

  PendingChanges(long quietNanos, long capNanos) {
    this.quietNanos = quietNanos;
    this.capNanos = capNanos;
  }

  /** Records a path whose state is looked at when the batch is flushed. */
  void touch(Path path, long nowNanos) {
    noteEvent(nowNanos);
    touched.add(path);
  }

  /**
   * Records a path that was just created. If it is gone again at flush time it is left out of the
   * batch altogether (an editor's or sed's temporary file): it existed neither before nor after.
   */
  void touchCreated(Path path, long nowNanos) {
    if (!touched.contains(path)) {
      created.add(path);
    }
    touch(path, nowNanos);
  }

  /** Records a directory whose events were lost: it is rescanned when the batch is flushed. */
  void overflowed(Path directory, long nowNanos) {
    noteEvent(nowNanos);
    overflowed.add(directory);
  }

  boolean isEmpty() {
    return touched.isEmpty() && overflowed.isEmpty();
  }

  /**
   * Nanoseconds until the batch is due: the quiet period after the last event, or the cap after the
   * first, whichever comes first; zero or less when due now.
   */
  long nanosUntilDue(long nowNanos) {
    return Math.min(lastNanos + quietNanos, firstNanos + capNanos) - nowNanos;
  }

  /**
   * The overflowed directories, without those below another one (a rescan of the parent covers
   * them), and forgets them.
   */
  Set<Path> takeOverflowed() {
    Set<Path> outermost = new TreeSet<>();
    for (Path dir : overflowed) {
      if (!hasAncestorIn(dir, overflowed)) {
        outermost.add(dir);
      }
    }
    overflowed.clear();
    return outermost;
  }

  /**
   * Classifies every touched path by what is on disk now, and starts a new batch. A regular file
   * or symlink is changed (if the scope reports it); a missing path is deleted; a directory is
   * skipped (a new directory's files were touched when it was walked); a missing path created within
   * this batch is left out. A deleted path below
   * another deleted path of the same batch is left out: deleting the folder covers it.
   */
  ChangeBatch flush(WatchScope scope, WatchListener listener) {
    Set<Path> changed = new TreeSet<>();
    Set<Path> deleted = new HashSet<>();
    for (Path path : touched) {
      if (!scope.mayReport(path)) {
        continue;
      }
      try {
        BasicFileAttributes attrs =
            Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && scope.reportsFile(path)) {
          changed.add(path);
        }
      } catch (NoSuchFileException e) {
        if (!created.contains(path)) {
          deleted.add(path);
        }
      } catch (IOException e) {
        listener.onWarning("Cannot read " + path + ", change not reported: " + e, e);
      }
    }
    Set<Path> outermostDeleted = new TreeSet<>();
    for (Path path : deleted) {
      if (!hasAncestorIn(path, deleted)) {
        outermostDeleted.add(path);
      }
    }
    touched.clear();
    created.clear();
    overflowed.clear();
    return ChangeBatch.of(changed, outermostDeleted);
  }

  private void noteEvent(long nowNanos) {
    if (isEmpty()) {
      firstNanos = nowNanos;
    }
    lastNanos = nowNanos;
  }

  private static boolean hasAncestorIn(Path path, Set<Path> paths) {
    for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
      if (paths.contains(parent)) {
        return true;
      }
    }
    return false;
  }
}
