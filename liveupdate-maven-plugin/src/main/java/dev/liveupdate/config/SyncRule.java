package dev.liveupdate.config;

import java.nio.file.Path;

/**
 * One {@code <sync>}: everything below the local directory {@code from} is copied below the
 * container directory {@code to}.
 *
 * @param from absolute, normalised local directory inside the module
 * @param to   absolute, normalised POSIX container path without a trailing slash (except "/")
 */
public record SyncRule(Path from, String to) {

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

  public boolean covers(Path local) {
    return local.startsWith(from);
  }
}
