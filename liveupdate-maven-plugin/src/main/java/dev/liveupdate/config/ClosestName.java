package dev.liveupdate.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * The name a user most likely meant, for "did you mean" hints: the candidate with the fewest
 * single-character edits (insert, delete, replace, swap of neighbours), ignoring case, when that
 * is small next to the name's length; a candidate that starts with the name, or is its start,
 * counts too.
 */
public final class ClosestName {

  private ClosestName() {}

  public static Optional<String> to(String name, Collection<String> candidates) {
    String wanted = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String lower = candidate.toLowerCase(Locale.ROOT);
      int distance = lower.startsWith(wanted) || wanted.startsWith(lower) ? 1
          : distance(wanted, lower);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(2, wanted.length() / 3);
    return best != null && bestDistance <= allowed && !best.equals(name)
        ? Optional.of(best) : Optional.empty();
  }

  /** Optimal string alignment distance: Levenshtein plus the swap of two neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
