package dev.liveupdate.config;

/** Small helpers for problem messages. */
final class Messages {

  private Messages() {}

  /** {@code 'value'} with control characters made visible, or {@code nothing} for null/blank. */
  static String quote(String value) {
    if (value == null || value.isBlank()) {
      return "nothing";
    }
    StringBuilder quoted = new StringBuilder("'");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '\0' -> quoted.append("\\0");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> quoted.append(c);
      }
    }
    return quoted.append('\'').toString();
  }
}
