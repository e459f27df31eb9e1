package dev.liveupdate.jib;

import dev.liveupdate.config.FileFilter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One sync rule that Jib's layout implies: the files of {@link #source} that {@link #filter}
 * takes go below {@link #containerDir}, each at its path relative to the source.
 *
 * @param source       absolute local directory ({@code target/classes}, an extra directory)
 * @param filter       which files of it (class files only, all but class files, Jib's
 *                     {@code <includes>}/{@code <excludes>})
 * @param containerDir absolute container directory ({@code /app/classes}, the extra directory's
 *                     {@code <into>})
 * @param permissions  modes Jib gives files of this rule: container-path glob to octal mode,
 *                     first match wins ({@code <extraDirectories><permissions>}); empty for the
 *                     classes and resources
 * @param origin       what in Jib's configuration this comes from, for the lines printed at start
 */
public record InferredSync(Path source, FileFilter filter, String containerDir,
    Map<String, String> permissions, String origin) {

  public InferredSync {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(containerDir, "containerDir");
    permissions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(permissions));
  }

  /** Whether this rule takes the local file {@code file} (absolute). */
  public boolean takes(Path file) {
    return file.startsWith(source) && !file.equals(source)
        && filter.matches(source.relativize(file).toString().replace('\\', '/'));
  }

  /** The container path of a local file this rule takes. */
  public String containerPath(Path file) {
    String relative = source.relativize(file).toString().replace('\\', '/');
    return containerDir.equals("/") ? "/" + relative : containerDir + "/" + relative;
  }
}
