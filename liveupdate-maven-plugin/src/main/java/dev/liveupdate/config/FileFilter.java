package dev.liveupdate.config;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which files below a sync source a rule takes, the way Jib filters an extra directory: a file is
 * taken when its path relative to the source matches one of {@link #includes} (or there are
 * none) and none of {@link #excludes}. Patterns are Java NIO globs
 * ({@link java.nio.file.FileSystem#getPathMatcher "glob:"}), Jib's syntax for
 * {@code <includes>}/{@code <excludes>}: {@code *} stays within one directory, {@code **} crosses
 * directories, so {@code **.class} takes every class file at any depth and {@code *.sh} only
 * those directly in the source.
 *
 * @param includes globs a file must match one of; empty: every file
 * @param excludes globs a file must match none of
 */
public record FileFilter(List<String> includes, List<String> excludes) {

  /** Every file. */
  public static final FileFilter ALL = new FileFilter(List.of(), List.of());

  private static final Map<String, PathMatcher> MATCHERS = new ConcurrentHashMap<>();

  public FileFilter {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  /** Whether the file at {@code relative} (below the sync source, '/'-separated) is taken. */
  public boolean matches(String relative) {
    Path path = Path.of(relative);
    if (!includes.isEmpty() && includes.stream().noneMatch(glob -> matcher(glob).matches(path))) {
      return false;
    }
    return excludes.stream().noneMatch(glob -> matcher(glob).matches(path));
  }

  /** Whether this takes every file. */
  public boolean takesAll() {
    return includes.isEmpty() && excludes.isEmpty();
  }

  /** {@code ""} for every file, else {@code "includes a, b; excludes c"}. */
  public String describe() {
    StringBuilder text = new StringBuilder();
    if (!includes.isEmpty()) {
      text.append("includes ").append(String.join(", ", includes));
    }
    if (!excludes.isEmpty()) {
      text.append(text.length() > 0 ? "; " : "").append("excludes ")
          .append(String.join(", ", excludes));
    }
    return text.toString();
  }

  /** Compiled once per glob: a sync's filter is asked about every file of a tree. */
  private static PathMatcher matcher(String glob) {
    return MATCHERS.computeIfAbsent(glob,
        g -> FileSystems.getDefault().getPathMatcher("glob:" + g));
  }
}
