package dev.liveupdate.kube;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors about a kubeconfig that never echo its content. The YAML parser quotes the offending
 * line with a caret under it, and that line may hold a token or {@code client-key-data}; loaders
 * may quote values in their messages too. So a message says where (line, column) and what kind of
 * problem, with quoted text longer than a few characters cut out, and the failure behind it is
 * kept as a stand-in carrying the same safe text and the original stack trace (for {@code -X}),
 * never the original exception with its message.
 */
final class KubeconfigErrors {

  private static final Pattern MARK = Pattern.compile("line (\\d+), column (\\d+)");
  private static final Pattern QUOTED = Pattern.compile("'[^'\\n]{5,}'|\"[^\"\\n]{5,}\"");
  private static final int LONGEST = 200;

  private KubeconfigErrors() {}

  /** The kubeconfig could not be parsed or loaded. */
  static ClusterException unreadable(Path kubeconfig, Throwable e) {
    String detail = describe(e);
    return new ClusterException("cannot read kubeconfig " + kubeconfig + ": " + detail,
        standIn(e, detail));
  }

  /** A client could not be built from the kubeconfig's context. */
  static ClusterException unusable(Path kubeconfig, String context, Throwable e) {
    String detail = describe(e);
    return new ClusterException("cannot use kubeconfig " + kubeconfig + " (context " + context
        + "): " + detail, standIn(e, detail));
  }

  /**
   * What went wrong, without content: for a YAML error its problem lines (the ones the parser
   * writes in its own words, never the quoted source lines) and positions.
   */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    boolean yaml = e.getClass().getName().startsWith("org.yaml.");
    if (!yaml) {
      return safe(e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse(""));
    }
    List<String> parts = new ArrayList<>();
    for (String line : message.split("\\R")) {
      Matcher mark = MARK.matcher(line);
      if (mark.find()) {
        parts.add("(line " + mark.group(1) + ", column " + mark.group(2) + ")");
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        parts.add(line.trim());
      }
      // else: a quoted source line or the caret under it: content, left out
    }
    return safe("not valid YAML: " + String.join(" ", parts));
  }

  private static String safe(String text) {
    String cut = QUOTED.matcher(text).replaceAll("'…'");
    return cut.length() > LONGEST ? cut.substring(0, LONGEST) + "…" : cut;
  }

  /** The failure's class, safe text and stack, without its message or causes. */
  private static Exception standIn(Throwable e, String detail) {
    Exception standIn = new Exception(e.getClass().getName() + ": " + detail);
    standIn.setStackTrace(e.getStackTrace());
    return standIn;
  }
}
