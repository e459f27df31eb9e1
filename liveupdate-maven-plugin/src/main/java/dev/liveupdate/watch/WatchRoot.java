package dev.liveupdate.watch;

import dev.liveupdate.config.PathPatterns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing to watch.
 *
 * <ul>
 *   <li>{@link Kind#DIRECTORY}: the directory and everything below it (a sync source, or a
 *       {@code fallBackOn} folder).
 *   <li>{@link Kind#FILE}: a single file such as {@code pom.xml}; its parent directory is watched
 *       without descending, and only that file is reported.
 *   <li>{@link Kind#PATTERN}: the files below {@link #path()} whose path relative to it matches
 *       {@link #pattern()} (Maven style, '/'-separated), such as {@code src/main/jib} + {@code
 *       **}{@code /*.sh}. Only folders that can hold a match are watched.
 * </ul>
 *
 * <p>A root need not exist yet: the nearest existing parent on the way to it is watched, and the
 * root is picked up when it is created.
 *
 * @param path absolute, normalised: the directory, the file, or the fixed part of the pattern
 * @param kind what {@code path} is
 * @param pattern for {@link Kind#PATTERN}, the pattern relative to {@code path}; otherwise empty
 */
public record WatchRoot(Path path, Kind kind, String pattern) {

  /** What a root is. */
  public enum Kind {
    DIRECTORY,
    FILE,
    PATTERN
  }

  public WatchRoot {
    path = path.toAbsolutePath().normalize();
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(pattern, "pattern");
    if ((kind == Kind.PATTERN) == pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "a pattern is required for a PATTERN root and only there: " + kind + " '" + pattern + "'");
    }
    if (kind == Kind.FILE && path.getParent() == null) {
      throw new IllegalArgumentException("a FILE root needs a parent directory: " + path);
    }
  }

  /** A directory watched recursively. */
  public static WatchRoot directory(Path dir) {
    return new WatchRoot(dir, Kind.DIRECTORY, "");
  }

  /** A single file; its parent directory is watched without descending. */
  public static WatchRoot file(Path file) {
    return new WatchRoot(file, Kind.FILE, "");
  }

  /**
   * The files matching a Maven-style pattern relative to {@code basedir}, normalised by
   * {@link PathPatterns#normalise}. The leading names without wildcards become {@link #path()}:
   * {@code src/**}{@code /*.sh} watches {@code basedir/src}. A pattern without wildcards is a file.
   */
  public static WatchRoot pattern(Path basedir, String pattern) {
    String normalised = PathPatterns.normalise(pattern, basedir);
    if (PathPatterns.fixedPrefix(normalised).isEmpty() && PathPatterns.hasWildcard(normalised)) {
      return new WatchRoot(basedir, Kind.PATTERN, normalised); // **/x, %regex[...]: from the top
    }
    Path base = basedir;
    String rest = normalised;
    int slash;
    while ((slash = rest.indexOf('/')) > 0 && !PathPatterns.hasWildcard(rest.substring(0, slash))) {
      base = base.resolve(rest.substring(0, slash));
      rest = rest.substring(slash + 1);
    }
    return PathPatterns.hasWildcard(rest)
        ? new WatchRoot(base, Kind.PATTERN, rest)
        : new WatchRoot(base.resolve(rest), Kind.FILE, "");
  }

  /**
   * The root for a configured entry such as a {@code <fallBackOn><path>}: a pattern if it has
   * {@code *} or {@code ?}; a directory if it ends in '/' or is an existing directory; otherwise a
   * file.
   */
  public static WatchRoot forConfiguredPath(Path basedir, String entry) {
    String normalised = PathPatterns.normalise(entry, basedir);
    if (PathPatterns.hasWildcard(normalised)) {
      return pattern(basedir, normalised);
    }
    Path path = basedir.resolve(normalised);
    boolean folder = entry.strip().endsWith("/") || entry.strip().endsWith("\\");
    return folder || Files.isDirectory(path) ? directory(path) : file(path);
  }

  /** The directory whose events matter for this root: the root itself, or a file's parent. */
  public Path watchedDirectory() {
    return kind == Kind.FILE ? path.getParent() : path;
  }
}
