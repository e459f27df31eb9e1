package dev.liveupdate.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the paths users write into their normalised form, or says why it cannot: local directories
 * inside the module, container paths, and module-relative patterns.
 */
final class ConfigPaths {

  /** A value that cannot be used; the message says what was expected ("must be ..."). */
  static final class BadPath extends Exception {
    private final String detail;

    BadPath(String expected, String detail) {
      super(expected, null, false, false);
      this.detail = detail;
    }

    BadPath(String expected) {
      this(expected, null);
    }

    /** {@code "<where> must be ..., got 'raw' (detail)"}. */
    String describe(String where, String raw) {
      return where + " " + getMessage() + ", got " + Messages.quote(raw)
          + (detail == null ? "" : " (" + detail + ")");
    }
  }

  private ConfigPaths() {}

  /** A local directory and the container directory it goes to, both checked. */
  record DirectoryMapping(Path from, String to) {}

  /**
   * Checks one {@code <from>}/{@code <to>} pair (a sync or a layer): {@code from} an existing
   * directory inside {@code basedir}, {@code to} an absolute container path. Each problem is added
   * naming {@code where}; null when there was one.
   */
  static DirectoryMapping directoryMapping(String where, String rawFrom, String rawTo,
      Path basedir, java.util.List<String> problems) {
    Path from = null;
    String to = null;
    if (rawFrom == null || rawFrom.isBlank()) {
      problems.add(where + "<from> must name a local directory relative to the module, got nothing");
    } else {
      try {
        from = directoryInside(rawFrom, basedir);
      } catch (BadPath bad) {
        problems.add(bad.describe(where + "<from>", rawFrom));
      }
    }
    try {
      to = containerPath(java.util.Objects.requireNonNullElse(rawTo, ""));
    } catch (BadPath bad) {
      problems.add(bad.describe(where + "<to>", rawTo));
    }
    return from == null || to == null ? null : new DirectoryMapping(from, to);
  }

  /**
   * An existing directory inside {@code basedir}, absolute and normalised.
   *
   * @param raw relative to {@code basedir}, or absolute
   */
  static Path directoryInside(String raw, Path basedir) throws BadPath {
    Path resolved;
    try {
      resolved = basedir.resolve(raw.trim()).normalize();
    } catch (InvalidPathException e) {
      throw new BadPath("must be a valid local path", e.getReason());
    }
    if (!resolved.startsWith(basedir)) {
      throw new BadPath("must lie inside the module directory " + basedir, "resolves to " + resolved);
    }
    if (!Files.exists(resolved)) {
      throw new BadPath("must be an existing directory", resolved + " does not exist");
    }
    if (!Files.isDirectory(resolved)) {
      throw new BadPath(
          "must be a directory (a sync copies everything below it; to sync one file, sync its"
              + " directory and <ignore> the rest)",
          resolved + " is a file");
    }
    Path real = realPath(resolved);
    if (!real.startsWith(realPath(basedir))) {
      throw new BadPath("must lie inside the module directory " + basedir,
          "resolves to " + real + " through a symlink");
    }
    return resolved;
  }

  /**
   * Whether an existing local path, or a directory on its way from {@code basedir}, is a symlink:
   * its real path is not where its name says.
   */
  static boolean throughSymlink(Path path, Path basedir) throws BadPath {
    return !realPath(path).equals(realPath(basedir).resolve(basedir.relativize(path)));
  }

  private static Path realPath(Path path) throws BadPath {
    try {
      return path.toRealPath();
    } catch (java.io.IOException e) {
      throw new BadPath("must be a readable local directory", e.toString());
    }
  }

  /**
   * An absolute POSIX path without {@code "."} segments, duplicate slashes or a trailing slash
   * (except {@code "/"} itself).
   */
  static String containerPath(String raw) throws BadPath {
    if (hasControlCharacters(raw)) {
      throw new BadPath("must not contain NUL or line-break characters");
    }
    String path = raw.trim();
    if (!path.startsWith("/")) {
      throw new BadPath("must be an absolute container path");
    }
    StringBuilder normalised = new StringBuilder();
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw new BadPath("must not contain '..' segments");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        normalised.append('/').append(segment);
      }
    }
    return normalised.length() == 0 ? "/" : normalised.toString();
  }

  /** A pattern relative to {@code basedir}, as {@link PathPatterns#normalise} makes it. */
  static String relativePattern(String raw, Path basedir) throws BadPath {
    try {
      return PathPatterns.normalise(raw, basedir);
    } catch (IllegalArgumentException e) {
      throw new BadPath(e.getMessage());
    }
  }

  static boolean hasControlCharacters(String value) {
    return value.indexOf('\0') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
  }
}
