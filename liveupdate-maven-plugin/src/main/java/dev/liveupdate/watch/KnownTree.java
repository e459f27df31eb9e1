package dev.liveupdate.watch;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The last known state of the watched tree: every reported file (or symlink) with what {@code
 * lstat} said of it, and every watched directory. A rescan compares the disk with it, which is how
 * the watcher finds what lost events would have told (an overflow, a directory it could not
 * register, a directory replaced within one batch).
 *
 * <p>Keys are absolute path strings in a sorted map, so everything below a directory is one
 * contiguous range: {@code "/p/d/"} up to {@code "/p/d0"} ({@code '0'} follows {@code '/'}). A
 * path string sorts before the strings of the paths below it.
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

  private final TreeMap<String, State> entries = new TreeMap<>();
  private volatile int files;

  State get(Path path) {
    return entries.get(path.toString());
  }

  void put(Path path, State state) {
    State previous = entries.put(path.toString(), state);
    files += count(state) - count(previous);
  }

  /** Forgets one entry (not what is below it). */
  void remove(Path path) {
    files -= count(entries.remove(path.toString()));
  }

  /** Whether anything is known strictly below {@code dir}. */
  boolean hasBelow(Path dir) {
    return !below(dir).isEmpty();
  }

  /** Everything known strictly below {@code dir}, in path order (a folder before its contents). */
  List<Map.Entry<Path, State>> listBelow(Path dir) {
    List<Map.Entry<Path, State>> list = new ArrayList<>();
    for (Map.Entry<String, State> entry : below(dir).entrySet()) {
      list.add(Map.entry(Path.of(entry.getKey()), entry.getValue()));
    }
    return list;
  }

  /** Forgets {@code path} and everything below it; true if anything was known there. */
  boolean removeTree(Path path) {
    NavigableMap<String, State> below = below(path);
    boolean any = !below.isEmpty();
    for (State state : below.values()) {
      files -= count(state);
    }
    below.clear();
    State self = entries.remove(path.toString());
    files -= count(self);
    return any || self != null;
  }

  /** How many files and symlinks are known. */
  int fileCount() {
    return files;
  }

  private NavigableMap<String, State> below(Path dir) {
    String separator = dir.getFileSystem().getSeparator();
    String prefix = dir.toString();
    if (!prefix.endsWith(separator)) {
      prefix += separator;
    }
    String end = prefix.substring(0, prefix.length() - 1) + (char) (separator.charAt(0) + 1);
    return entries.subMap(prefix, true, end, false);
  }

  private static int count(State state) {
    return state == null || state.isDirectory() ? 0 : 1;
  }
}
