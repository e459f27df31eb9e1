package dev.liveupdate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kubernetes name rules the configuration is checked against: DNS-1123 labels and subdomains,
 * label keys and values, and the label selector syntax {@code kubectl -l} accepts for equality and
 * set requirements ({@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)},
 * {@code k notin (a)}, {@code k}, {@code !k}, joined by commas).
 */
final class KubeNames {

  static final String LABEL_RULE =
      "lowercase letters, digits and '-', starting and ending with a letter or digit,"
          + " at most 63 characters";
  static final String SUBDOMAIN_RULE =
      "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit,"
          + " at most 253 characters";

  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern SET_REQUIREMENT =
      Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)", Pattern.DOTALL);

  private KubeNames() {}

  static boolean isDns1123Label(String name) {
    return name.length() <= 63 && DNS_1123_LABEL.matcher(name).matches();
  }

  static boolean isDns1123Subdomain(String name) {
    return name.length() <= 253 && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  /** What is wrong with a label selector, or empty when {@code kubectl -l} would accept it. */
  static Optional<String> selectorProblem(String selector) {
    List<String> requirements = splitOutsideParentheses(selector);
    if (requirements == null) {
      return Optional.of("unbalanced parentheses");
    }
    for (String requirement : requirements) {
      Optional<String> problem = requirementProblem(requirement.trim());
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> requirementProblem(String requirement) {
    if (requirement.isEmpty()) {
      return Optional.of("empty requirement (a stray comma?)");
    }
    if (requirement.startsWith("!")) {
      return keyProblem(requirement.substring(1).trim());
    }
    Matcher set = SET_REQUIREMENT.matcher(requirement);
    if (set.matches()) {
      return keyProblem(set.group(1)).or(() -> valuesProblem(set.group(2), set.group(3)));
    }
    for (String operator : List.of("!=", "==", "=")) {
      int at = requirement.indexOf(operator);
      if (at >= 0) {
        String key = requirement.substring(0, at).trim();
        String value = requirement.substring(at + operator.length()).trim();
        return keyProblem(key).or(() -> valueProblem(value));
      }
    }
    return keyProblem(requirement);
  }

  private static Optional<String> valuesProblem(String operator, String list) {
    if (list.isBlank()) {
      return Optional.of("'" + operator + "' needs at least one value in its parentheses");
    }
    for (String value : list.split(",", -1)) {
      Optional<String> problem = valueProblem(value.trim());
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** A label key: an optional DNS-1123 subdomain prefix and '/', then a name of at most 63. */
  private static Optional<String> keyProblem(String key) {
    int slash = key.indexOf('/');
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (slash >= 0 && !isDns1123Subdomain(key.substring(0, slash))) {
      return Optional.of("label key prefix '" + key.substring(0, slash) + "' is not a DNS-1123 subdomain");
    }
    if (name.isEmpty() || name.length() > 63 || !LABEL_NAME.matcher(name).matches()) {
      return Optional.of("'" + key + "' is not a label key (letters, digits, '-', '_' and '.',"
          + " starting and ending with a letter or digit, at most 63 characters,"
          + " optionally after a DNS prefix and '/')");
    }
    return Optional.empty();
  }

  /** A label value: empty, or like a key's name part. */
  private static Optional<String> valueProblem(String value) {
    if (value.isEmpty() || (value.length() <= 63 && LABEL_NAME.matcher(value).matches())) {
      return Optional.empty();
    }
    return Optional.of("'" + value + "' is not a label value (letters, digits, '-', '_' and '.',"
        + " starting and ending with a letter or digit, at most 63 characters)");
  }

  /** Splits at commas outside parentheses; null when the parentheses do not balance. */
  private static List<String> splitOutsideParentheses(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return null;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      return null;
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
