package dev.liveupdate.it.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed {@code labelSelector} query: equality ({@code a=b}, {@code a==b}, {@code a!=b}),
 * set-based ({@code a in (x,y)}, {@code a notin (x)}) and existence ({@code a}, {@code !a}).
 * Requirements are ANDed, as in the API server.
 */
final class LabelSelector implements Predicate<Map<String, String>> {
  private final List<Predicate<Map<String, String>>> requirements;
  private final String text;

  private LabelSelector(String text, List<Predicate<Map<String, String>>> requirements) {
    this.text = text;
    this.requirements = requirements;
  }

  static LabelSelector parse(String text) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    if (text != null) {
      for (String part : splitTopLevel(text)) {
        String requirement = part.trim();
        if (!requirement.isEmpty()) {
          requirements.add(requirement(requirement, text));
        }
      }
    }
    return new LabelSelector(text == null ? "" : text, requirements);
  }

  /** The selector that {@code matchLabels} of a Deployment's {@code spec.selector} means. */
  static LabelSelector ofLabels(Map<String, String> labels) {
    List<Predicate<Map<String, String>>> requirements = new ArrayList<>();
    labels.forEach((key, value) -> requirements.add(l -> value.equals(l.get(key))));
    return new LabelSelector(labels.toString(), requirements);
  }

  @Override
  public boolean test(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.test(labels));
  }

  @Override
  public String toString() {
    return text;
  }

  private static Predicate<Map<String, String>> requirement(String req, String whole) {
    String lower = req.toLowerCase(java.util.Locale.ROOT);
    int notIn = lower.indexOf(" notin ");
    int in = lower.indexOf(" in ");
    if (notIn > 0) {
      String key = req.substring(0, notIn).trim();
      Set<String> values = values(req.substring(notIn + 7), whole);
      return labels -> !labels.containsKey(key) || !values.contains(labels.get(key));
    }
    if (in > 0) {
      String key = req.substring(0, in).trim();
      Set<String> values = values(req.substring(in + 4), whole);
      return labels -> labels.containsKey(key) && values.contains(labels.get(key));
    }
    int ne = req.indexOf("!=");
    if (ne > 0) {
      String key = req.substring(0, ne).trim();
      String value = req.substring(ne + 2).trim();
      return labels -> !value.equals(labels.get(key));
    }
    int eq = req.indexOf('=');
    if (eq > 0) {
      String key = req.substring(0, eq).trim();
      String value = req.substring(req.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
      return labels -> value.equals(labels.get(key));
    }
    if (req.startsWith("!")) {
      String key = req.substring(1).trim();
      return labels -> !labels.containsKey(key);
    }
    if (req.matches("[A-Za-z0-9./_-]+")) {
      return labels -> labels.containsKey(req);
    }
    throw KubeApiException.badRequest(
        "unable to parse requirement: found '" + req + "', expected: in, notin, =, ==, !=, gt, lt"
            + " (selector \"" + whole + "\")");
  }

  private static Set<String> values(String list, String whole) {
    String trimmed = list.trim();
    if (!trimmed.startsWith("(") || !trimmed.endsWith(")")) {
      throw KubeApiException.badRequest(
          "unable to parse requirement: found '" + trimmed + "', expected: '(' (selector \"" + whole
              + "\")");
    }
    Set<String> values = new java.util.HashSet<>();
    for (String value : trimmed.substring(1, trimmed.length() - 1).split(",")) {
      values.add(value.trim());
    }
    return values;
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }
}
