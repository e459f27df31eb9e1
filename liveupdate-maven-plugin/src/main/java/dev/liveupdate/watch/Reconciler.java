package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the paths touched during a batch into the batch itself by comparing the disk with the
 * {@link KnownTree}, and keeps that tree current. Events only say where to look; what is reported
 * is what differs from the last known state, so a lost, merged or reordered event cannot lose a
 * change:
 *
 * <ul>
 *   <li>a touched file or symlink is <em>changed</em> (its event is trusted even if size and mtime
 *       look the same);
 *   <li>a touched path that is gone is <em>deleted</em> if anything was known at or below it, and
 *       left out if not (a temporary file that lived within the batch);
 *   <li>a touched directory, and every directory to {@linkplain #reconcile rescan}, is walked and
 *       compared with what was known below it: new or different files are changed, files and
 *       folders no longer there are deleted (a gone folder as one path). This covers folders
 *       created, moved in, renamed, and replaced ({@code mv d old && mkdir d}) within one batch;
 *   <li>an entry whose kind changed (a file where a folder was, or the reverse) is reported deleted
 *       and then, if it is a file now, changed: the container removes the old one first.
 * </ul>
 *
 * <p>Owned by the watcher's thread.
 */
final class Reconciler {

  private final KnownTree known = new KnownTree();
  private final DirectoryRegistry registry;
  private final WatchScope scope;
  private final WatchListener listener;

  Reconciler(DirectoryRegistry registry, WatchScope scope, WatchListener listener) {
    this.registry = registry;
    this.scope = scope;
    this.listener = listener;
  }

  /** Registers and records an anchor's tree at start-up; nothing is reported. */
  void recordStartup(Path anchor) {
    long now = nowEpochNanos();
    registry.registerTree(anchor, new DirectoryRegistry.Visitor() {
      @Override
      public void directory(Path dir) {
        known.put(dir, KnownTree.State.DIRECTORY);
      }

      @Override
      public void file(Path file, BasicFileAttributes attrs) {
        known.put(file, KnownTree.State.of(attrs, now));
      }
    });
  }

  /** How many files (and symlinks) the watcher knows of. */
  int knownFileCount() {
    return known.fileCount();
  }

  /**
   * The batch for the paths touched by events and the directories whose events may have been lost.
   *
   * @param touched paths named by events since the last batch
   * @param rescans directories to compare with the known state recursively, though no event named
   *     what changed in them (overflow, unwatched directories)
   */
  ChangeBatch reconcile(Set<Path> touched, Set<Path> rescans) {
    Batch batch = new Batch();
    Set<Path> walked = new HashSet<>();
    TreeSet<Path> all = new TreeSet<>(touched);
    all.addAll(rescans);
    for (Path path : all) { // a folder before the paths below it
      if (ChangeBatch.isBelowAny(path, walked)) {
        continue; // covered by the walk of a folder above it
      }
      BasicFileAttributes attrs;
      try {
        attrs = lstat(path);
      } catch (IOException e) {
        listener.onWarning("Cannot read " + path + "; it is looked at again on its next change: "
            + e, e);
        continue;
      }
      if (attrs == null) {
        gone(path, batch);
      } else if (attrs.isDirectory()) {
        if (rescans.contains(path) || scope.shouldRegister(path)) {
          walk(path, batch);
          walked.add(path);
        }
      } else if (attrs.isRegularFile() || attrs.isSymbolicLink()) {
        file(path, attrs, !rescans.contains(path), batch);
      }
    }
    return batch.toChangeBatch();
  }

  /**
   * Forgets a path that is gone and everything below it. Deleted is the path itself if the scope
   * reports it, else the reported paths that were known below it ({@code target/classes} when
   * {@code target} goes).
   */
  private void gone(Path path, Batch batch) {
    registry.forgetTree(path);
    KnownTree.State self = known.get(path);
    List<Map.Entry<Path, KnownTree.State>> below = known.removeTree(path);
    if (self == null && below.isEmpty()) {
      return; // never known: it lived within this batch, or is out of scope
    }
    if (scope.mayReport(path)) {
      batch.deleted.add(path);
      return;
    }
    for (Map.Entry<Path, KnownTree.State> entry : below) {
      if (scope.mayReport(entry.getKey())) {
        batch.deleted.add(entry.getKey());
      }
    }
  }

  private void file(Path path, BasicFileAttributes attrs, boolean trustEvent, Batch batch) {
    KnownTree.State before = known.get(path);
    if ((before != null && before.isDirectory()) || known.hasBelow(path)) {
      gone(path, batch); // a folder replaced by a file: remove it first
      before = null;
    }
    if (!scope.reportsFile(path)) {
      return;
    }
    KnownTree.State now = KnownTree.State.of(attrs, nowEpochNanos());
    known.put(path, now);
    if (trustEvent || before == null || !before.unchangedAt(now)) {
      batch.changed.add(path);
    }
  }

  /** Walks a folder (registering what is new), and compares it with what was known below it. */
  private void walk(Path dir, Batch batch) {
    KnownTree.State self = known.get(dir);
    if (self != null && !self.isDirectory() && scope.mayReport(dir)) {
      batch.deleted.add(dir); // a file replaced by a folder: remove it first
    }
    Map<Path, KnownTree.State> before = new HashMap<>();
    for (Map.Entry<Path, KnownTree.State> entry : known.listBelow(dir)) {
      before.put(entry.getKey(), entry.getValue());
    }
    Set<Path> present = new HashSet<>();
    long now = nowEpochNanos();
    registry.registerTree(dir, new DirectoryRegistry.Visitor() {
      @Override
      public void directory(Path found) {
        present.add(found);
        KnownTree.State was = before.get(found);
        if (was != null && !was.isDirectory() && scope.mayReport(found)) {
          batch.deleted.add(found); // a file replaced by a folder
        }
        known.put(found, KnownTree.State.DIRECTORY);
      }

      @Override
      public void file(Path found, BasicFileAttributes attrs) {
        present.add(found);
        KnownTree.State state = KnownTree.State.of(attrs, now);
        KnownTree.State was = before.get(found);
        if (was != null && was.isDirectory()) {
          batch.deleted.add(found); // a folder replaced by a file
        }
        known.put(found, state);
        if (was == null || !was.unchangedAt(state)) {
          batch.changed.add(found);
        }
      }
    });
    for (Map.Entry<Path, KnownTree.State> entry : before.entrySet()) { // all found again, or gone
      Path path = entry.getKey();
      if (!present.contains(path)) {
        known.remove(path);
        if (entry.getValue().isDirectory()) {
          registry.forgetTree(path);
        }
        if (scope.mayReport(path)) {
          batch.deleted.add(path); // below a gone folder too: the batch keeps the outermost
        }
      }
    }
  }

  /**
   * The attributes of a path, not following links; null if it does not exist, which includes a
   * path below something that is no longer a folder ("Not a directory").
   */
  private static BasicFileAttributes lstat(Path path) throws IOException {
    try {
      return posix(path)
          ? Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (java.nio.file.FileSystemException e) {
      Path parent = path.getParent();
      if (parent != null && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
        return null;
      }
      throw e;
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static long nowEpochNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** The batch being built. */
  private static final class Batch {
    final Set<Path> changed = new TreeSet<>();
    final Set<Path> deleted = new TreeSet<>();

    ChangeBatch toChangeBatch() {
      Set<Path> outermost = new TreeSet<>();
      for (Path path : deleted) {
        if (!ChangeBatch.isBelowAny(path, deleted)) {
          outermost.add(path);
        }
      }
      return ChangeBatch.of(changed, outermost);
    }
  }
}
