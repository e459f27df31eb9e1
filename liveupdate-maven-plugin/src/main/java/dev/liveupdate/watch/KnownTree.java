package dev.liveupdate.watch;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The last known state of the watched tree: every reported file (or symlink) with what {@code
 * lstat} said of it, and every watched directory. A rescan compares the disk with it, which is how
 * the watcher finds what lost events would have told (an overflow, a directory it could not
 * register, a directory replaced within one batch).
 *
 * <p>Entries are kept by path, with each folder's direct entries beside them, so that what is
 * below a folder is found without looking at the rest of the tree (hashing, not sorting: the
 * start-up walk of a large tree puts every file once, and runs before the JIT has warmed up).
 * Owned by the watcher's thread; {@link #fileCount()} may be read from any thread.
 */
final class KnownTree {

  /**
   * A modification time this close to the moment it was read cannot tell a later write apart:
   * file systems keep mtimes at a coarse granularity (a kernel tick, or whole seconds on some), so a
   * write of the same size right after the read can leave size and mtime as they were. Such an
   * entry is resent by a rescan rather than trusted (git calls these entries "racily clean").
   */
  static final long RACY_NANOS = 2_000_000_000L;

  /**
   * What {@code lstat} said of one entry.
   *
   * @param fileKey the device and inode where the platform has them: a file replaced by a rename
   *     (vim's and IntelliJ's safe writes) differs here even with the same size and mtime
   * @param racy its mtime was within {@link #RACY_NANOS} of the moment it was read
   */
  record State(Kind kind, long size, long mtimeNanos, Object fileKey, boolean executable,
      boolean racy) {

    static final State DIRECTORY = new State(Kind.DIRECTORY, 0, 0, null, false, false);

    /** The state of a file or symlink from its attributes, read (not followed) just now. */
    static State of(BasicFileAttributes attrs, long nowEpochNanos) {
      long mtime = epochNanos(attrs);
      boolean executable = attrs instanceof PosixFileAttributes posix
          && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
      return new State(attrs.isSymbolicLink() ? Kind.SYMLINK : Kind.FILE, attrs.size(), mtime,
          attrs.fileKey(), executable, nowEpochNanos - mtime < RACY_NANOS);
    }

    /** Whether a rescan can trust that nothing changed between {@code this} and {@code now}. */
    boolean unchangedAt(State now) {
      return !racy && kind == now.kind && size == now.size && mtimeNanos == now.mtimeNanos
          && executable == now.executable && Objects.equals(fileKey, now.fileKey);
    }

    boolean isDirectory() {
      return kind == Kind.DIRECTORY;
    }

    private static long epochNanos(BasicFileAttributes attrs) {
      java.time.Instant t = attrs.lastModifiedTime().toInstant();
      return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
  }

  /** What an entry is on disk. */
  enum Kind {
    FILE,
    SYMLINK,
    DIRECTORY
  }

  private final Map<Path, State> entries = new HashMap<>();
  /** The entries directly inside each folder that has any. */
  private final Map<Path, Set<Path>> children = new HashMap<>();
  private volatile int files;

  State get(Path path) {
    return entries.get(path);
  }

  void put(Path path, State state) {
    State previous = entries.put(path, state);
    if (previous == null && path.getParent() != null) {
      children.computeIfAbsent(path.getParent(), dir -> new HashSet<>()).add(path);
    }
    files += count(state) - count(previous);
  }

  /** Forgets one entry (not what is below it). */
  void remove(Path path) {
    State previous = entries.remove(path);
    if (previous != null) {
      unlink(path);
      files -= count(previous);
    }
  }

  /** Whether anything is known strictly below {@code dir}. */
  boolean hasBelow(Path dir) {
    Set<Path> inside = children.get(dir);
    return inside != null && !inside.isEmpty();
  }

  /** Everything known strictly below {@code dir}, a folder before its contents. */
  List<Map.Entry<Path, State>> listBelow(Path dir) {
    List<Map.Entry<Path, State>> list = new ArrayList<>();
    collectBelow(dir, list);
    return list;
  }

  /**
   * Forgets {@code path} and everything below it.
   *
   * @return what was known strictly below it, a folder before its contents (empty if nothing)
   */
  List<Map.Entry<Path, State>> removeTree(Path path) {
    List<Map.Entry<Path, State>> below = listBelow(path);
    for (Map.Entry<Path, State> entry : below) {
      entries.remove(entry.getKey());
      children.remove(entry.getKey());
      files -= count(entry.getValue());
    }
    children.remove(path);
    remove(path);
    return below;
  }

  /** How many files and symlinks are known. */
  int fileCount() {
    return files;
  }

  private void collectBelow(Path dir, List<Map.Entry<Path, State>> into) {
    Set<Path> inside = children.get(dir);
    if (inside == null) {
      return;
    }
    for (Path child : new ArrayList<>(inside)) {
      State state = entries.get(child);
      if (state != null) {
        into.add(Map.entry(child, state));
      }
      collectBelow(child, into);
    }
  }

  private void unlink(Path path) {
    Path parent = path.getParent();
    Set<Path> siblings = parent == null ? null : children.get(parent);
    if (siblings != null) {
      siblings.remove(path);
      if (siblings.isEmpty()) {
        children.remove(parent);
      }
    }
  }

  private static int count(State state) {
    return state == null || state.isDirectory() ? 0 : 1;
  }
}
