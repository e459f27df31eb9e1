package dev.liveupdate.config;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Matches the path patterns of {@code <trigger>}, {@code <fallBackOn><path>} and {@code <ignore>}
 * against paths relative to the module's base directory, the way Maven's include/exclude patterns
 * work ({@code SelectorUtils.matchPath}), plus one rule of Tilt's: a pattern naming a directory
 * covers everything below it.
 *
 * <ul>
 *   <li>Both sides use {@code '/'} as separator and are relative (no leading {@code '/'} or
 *       {@code "./"}); {@link #normalise} makes configured patterns so, and is the only place
 *       that does.
 *   <li>{@code *} matches within one segment, {@code ?} one character, {@code **} any number of
 *       segments (including none): {@code api/**}{@code /*.txt} matches {@code api/requirements.txt}
 *       and {@code api/x/y.txt}.
 *   <li>A pattern without wildcards matches that path and everything below it:
 *       {@code api} matches {@code api} and {@code api/app.py}, not {@code api2/app.py}.
 *   <li>A pattern with wildcards matches exactly what Maven's would: {@code api/*} matches
 *       {@code api/app.py} but not {@code api/static/x.css}; write {@code **}{@code /node_modules/**}
 *       for "a directory of that name anywhere, and its contents".
 *   <li>Matching is case-sensitive, as on the container's file system.
 *   <li>{@code %regex[...]} and {@code %ant[...]} patterns are passed to plexus as they are.
 * </ul>
 */
public final class PathPatterns {

  private PathPatterns() {}

  /**
   * Whether {@code relativePath} (relative to the module's base directory, {@code '/'}-separated)
   * matches {@code pattern}.
   */
  public static boolean matches(String pattern, String relativePath) {
    if (SelectorUtils.matchPath(pattern, relativePath, "/", true)) {
      return true;
    }
    return !hasWildcard(pattern)
        && (pattern.isEmpty() || relativePath.startsWith(pattern + "/"));
  }

  /** Whether {@code relativePath} matches at least one of {@code patterns}. */
  public static boolean matchesAny(Collection<String> patterns, String relativePath) {
    for (String pattern : patterns) {
      if (matches(pattern, relativePath)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The leading segments of {@code pattern} that hold no wildcard: every path the pattern matches
   * lies at or below this one. {@code api/**}{@code /*.txt} gives {@code api};
   * {@code **}{@code /*.txt} and {@code %regex[...]} give {@code ""} (the base directory).
   */
  public static String fixedPrefix(String pattern) {
    if (SelectorUtils.isRegexPrefixedPattern(pattern)) {
      return "";
    }
    String plain = SelectorUtils.isAntPrefixedPattern(pattern)
        ? pattern.substring(SelectorUtils.ANT_HANDLER_PREFIX.length(),
            pattern.length() - SelectorUtils.PATTERN_HANDLER_SUFFIX.length())
        : pattern;
    StringBuilder prefix = new StringBuilder();
    for (String segment : plain.split("/")) {
      if (hasWildcard(segment)) {
        break;
      }
      if (!segment.isEmpty()) {
        prefix.append(prefix.length() == 0 ? "" : "/").append(segment);
      }
    }
    return prefix.toString();
  }

  /**
   * Whether {@code pattern} is not a plain path: it holds {@code *} or {@code ?}, or is a
   * {@code %regex[...]} or {@code %ant[...]} pattern. The one wildcard test of the plugin: a
   * plain path also covers everything below it, a wildcard pattern matches what Maven's would.
   */
  public static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0
        || SelectorUtils.isRegexPrefixedPattern(pattern)
        || SelectorUtils.isAntPrefixedPattern(pattern);
  }

  /**
   * The one pattern normaliser of the plugin: {@code raw} as a pattern relative to
   * {@code basedir}, {@code '/'}-separated, without {@code "./"}, {@code "."} or resolvable
   * {@code ".."} segments. Backslashes are separators; an absolute pattern inside
   * {@code basedir} is made relative; {@code "."} (the whole module) becomes {@code "**"}; a
   * trailing {@code '/'} after a wildcard means {@code "/**"}, as in Maven (without one, a plain
   * path covers everything below it anyway). {@code %regex[...]} patterns are kept as written.
   * Normalising a normalised pattern changes nothing.
   *
   * @throws IllegalArgumentException saying what the pattern must be ("must lie inside the module
   *                                  directory ..."), for a blank pattern, one with NUL or line
   *                                  breaks, one reaching outside {@code basedir}, or {@code ..}
   *                                  after a wildcard
   */
  public static String normalise(String raw, Path basedir) {
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException("must be a path or pattern relative to the module");
    }
    if (raw.indexOf('\0') >= 0 || raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("must not contain NUL or line-break characters");
    }
    String pattern = raw.trim().replace('\\', '/');
    if (SelectorUtils.isRegexPrefixedPattern(pattern)) {
      return pattern;
    }
    if (pattern.startsWith("/") || pattern.matches("[A-Za-z]:/.*")) {
      String base = basedir.toString().replace('\\', '/');
      if (!pattern.equals(base) && !pattern.startsWith(base + "/")) {
        throw new IllegalArgumentException("must lie inside the module directory " + basedir);
      }
      pattern = pattern.substring(base.length());
    }
    Deque<String> segments = new ArrayDeque<>();
    for (String segment : pattern.split("/")) {
      if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw new IllegalArgumentException("must lie inside the module directory " + basedir);
        }
        if (hasWildcard(segments.peekLast())) {
          throw new IllegalArgumentException("must not use '..' after a wildcard");
        }
        segments.removeLast();
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.addLast(segment);
      }
    }
    if (segments.isEmpty()) {
      return "**";
    }
    String normalised = String.join("/", segments);
    boolean directoryPattern = pattern.endsWith("/") && hasWildcard(normalised);
    return directoryPattern && !normalised.endsWith("**") ? normalised + "/**" : normalised;
  }
}
