package dev.liveupdate.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One sync: the files below the local directory {@code from} that {@code filter} takes are copied
 * below the container directory {@code to}. A {@code <sync>} takes every file and owns its
 * destination; the syncs inferred from jib-maven-plugin split {@code target/classes} between two
 * destinations by filter ({@code **.class} to {@code {appRoot}/classes}, everything else to
 * {@code {appRoot}/resources}) and copy Jib's extra directories without owning theirs.
 *
 * @param from            absolute, normalised local directory inside the module
 * @param to              absolute, normalised POSIX container path without a trailing slash
 *                        (except "/")
 * @param filter          which files below {@code from} this sync takes ({@link FileFilter#ALL}
 *                        for a {@code <sync>})
 * @param ownsDestination whether what lies below {@code to} is this sync's to delete: a file
 *                        deleted locally is deleted there, and a one-shot sync deletes what the
 *                        container holds there that is not local. False for a destination that
 *                        also holds the image's own files (Jib's extra directories go to
 *                        {@code /} by default): such a sync only ever copies.
 */
public record SyncRule(Path from, String to, FileFilter filter, boolean ownsDestination) {

  public SyncRule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(filter, "filter");
  }

  /** A {@code <sync>}: every file below {@code from}, and its destination its own. */
  public SyncRule(Path from, String to) {
    this(from, to, FileFilter.ALL, true);
  }

  /** The container path of a local file below {@link #from}. */
  public String containerPath(Path local) {
    Path rel = from.relativize(local);
    if (rel.toString().isEmpty()) {
      return to;
    }
    StringBuilder sb = new StringBuilder(to.equals("/") ? "" : to);
    for (Path part : rel) {
      sb.append('/').append(part);
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  /** Whether the local path is this sync's: {@link #from} itself, or below it and taken. */
  public boolean covers(Path local) {
    return contains(local) && (local.equals(from) || filter.takesAll()
        || filter.matches(relative(local)));
  }

  /** Whether the local path is {@link #from} or below it, whatever the filter says. */
  public boolean contains(Path local) {
    return local.startsWith(from);
  }

  /**
   * Whether a deleted local path below {@link #from} may have held files of this sync, had it
   * been a directory: always without includes; with includes, when one of them can match below
   * it (it starts with {@code **}, or with the path).
   */
  public boolean mayHoldBelow(Path local) {
    if (!contains(local) || local.equals(from) || filter.includes().isEmpty()) {
      return contains(local);
    }
    String relative = relative(local);
    return filter.includes().stream()
        .anyMatch(glob -> glob.startsWith("**") || glob.startsWith(relative + "/"));
  }

  private String relative(Path local) {
    return from.relativize(local).toString().replace('\\', '/');
  }
}
