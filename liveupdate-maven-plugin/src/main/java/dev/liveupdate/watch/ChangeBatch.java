package dev.liveupdate.watch;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What changed on disk during one quiet period, as absolute local paths.
 *
 * @param changed files (or symlinks) created or modified; never directories
 * @param deleted paths that no longer exist (files or whole directories)
 */
public record ChangeBatch(SortedSet<Path> changed, SortedSet<Path> deleted) {

  /** No change. */
  public static final ChangeBatch EMPTY = new ChangeBatch(new TreeSet<>(), new TreeSet<>());

  public ChangeBatch {
    changed = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(changed));
    deleted = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(deleted));
  }

  public static ChangeBatch of(Set<Path> changed, Set<Path> deleted) {
    return new ChangeBatch(new TreeSet<>(changed), new TreeSet<>(deleted));
  }

  public boolean isEmpty() {
    return changed.isEmpty() && deleted.isEmpty();
  }

  public int size() {
    return changed.size() + deleted.size();
  }

  /** Whether a folder in {@code folders} holds {@code path} (at any depth, not the path itself). */
  public static boolean isBelowAny(Path path, Set<Path> folders) {
    if (folders.isEmpty()) {
      return false;
    }
    for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
      if (folders.contains(parent)) {
        return true;
      }
    }
    return false;
  }

  /**
   * This batch, then {@code later}, as one batch. A later batch wins for every path it names, and
   * for everything above or below it: a file written earlier is dropped when the later batch
   * deletes it, deletes a folder holding it, or writes something below it (it became a folder); a
   * removal is kept (removals run first, so a kept one never undoes a later write) unless a later
   * removal covers it or a later file makes it moot.
   */
  public ChangeBatch followedBy(ChangeBatch later) {
    if (isEmpty()) {
      return later;
    }
    Set<Path> named = new HashSet<>(later.changed());
    named.addAll(later.deleted());
    SortedSet<Path> mergedChanged = new TreeSet<>();
    for (Path path : changed) {
      if (!named.contains(path) && !isBelowAny(path, named)) {
        mergedChanged.add(path);
      }
    }
    for (Path path : named) { // an earlier file above a later path is a folder, or gone, now
      for (Path parent = path.getParent(); parent != null; parent = parent.getParent()) {
        mergedChanged.remove(parent);
      }
    }
    mergedChanged.addAll(later.changed());
    Set<Path> laterDeleted = new HashSet<>(later.deleted());
    Set<Path> laterFiles = new HashSet<>(later.changed());
    SortedSet<Path> mergedDeleted = new TreeSet<>();
    for (Path path : deleted) {
      if (!isBelowAny(path, laterDeleted) && !isBelowAny(path, laterFiles)) {
        mergedDeleted.add(path);
      }
    }
    mergedDeleted.addAll(later.deleted());
    return new ChangeBatch(mergedChanged, mergedDeleted);
  }
}
