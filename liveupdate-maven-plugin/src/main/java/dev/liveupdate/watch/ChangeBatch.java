package dev.liveupdate.watch;

import java.nio.file.Path;
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
}
