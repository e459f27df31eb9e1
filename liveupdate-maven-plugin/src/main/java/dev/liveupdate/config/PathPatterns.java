package dev.liveupdate.config;

import java.util.Collection;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Matches the path patterns of {@code <trigger>}, {@code <fallBackOn><path>} and {@code <ignore>}
 * against paths relative to the module's base directory, the way Maven's include/exclude patterns
 * work ({@code SelectorUtils.matchPath}), plus one rule of Tilt's: a pattern naming a directory
 * covers everything below it.
 *
 * <ul>
 *   <li>Both sides use {@code '/'} as separator and are relative (no leading {@code '/'} or
 *       {@code "./"}); {@link LiveUpdateConfigReader} normalises configured patterns that way.
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
    return !isHandlerPattern(pattern)
        && !hasWildcard(pattern)
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

  /** Whether {@code pattern} holds {@code *} or {@code ?}. */
  public static boolean hasWildcard(String pattern) {
    return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
  }

  private static boolean isHandlerPattern(String pattern) {
    return SelectorUtils.isRegexPrefixedPattern(pattern) || SelectorUtils.isAntPrefixedPattern(pattern);
  }
}
