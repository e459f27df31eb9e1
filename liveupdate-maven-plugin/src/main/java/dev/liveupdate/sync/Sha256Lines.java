package dev.liveupdate.sync;

/**
 * Matches one line of {@code sha256sum} output against the file name it must carry, as busybox
 * and GNU coreutils print it: {@code <64 hex> <space or *><name>\n}. Busybox prints the name as it
 * is. GNU escapes a name holding {@code \} or a line break ({@code \\}, {@code \n}; coreutils 9
 * also {@code \r}) and then starts the line with a backslash. Since the name is known, the line is
 * only ever compared with it, never read for one.
 */
final class Sha256Lines {

  private static final int HASH = 64;

  private Sha256Lines() {}

  /**
   * Where the line starting at {@code at} ends (after its line break) when it is the sum line of
   * {@code name}; -1 when it is not.
   */
  static int match(String sums, int at, String name) {
    boolean escaped = at < sums.length() && sums.charAt(at) == '\\';
    int hashAt = escaped ? at + 1 : at;
    int nameAt = hashAt + HASH + 2;
    if (nameAt > sums.length() || !isHash(sums, hashAt) || sums.charAt(hashAt + HASH) != ' '
        || (sums.charAt(hashAt + HASH + 1) != ' ' && sums.charAt(hashAt + HASH + 1) != '*')) {
      return -1;
    }
    if (!escaped) {
      return lineAt(sums, nameAt, name);
    }
    int end = lineAt(sums, nameAt, escape(name, true));
    return end >= 0 ? end : lineAt(sums, nameAt, escape(name, false));
  }

  /** The hash of the line starting at {@code at}, which {@link #match} accepted. */
  static String hash(String sums, int at) {
    int hashAt = sums.charAt(at) == '\\' ? at + 1 : at;
    return sums.substring(hashAt, hashAt + HASH);
  }

  private static int lineAt(String sums, int at, String expected) {
    int end = at + expected.length();
    return sums.startsWith(expected, at) && end < sums.length() && sums.charAt(end) == '\n'
        ? end + 1 : -1;
  }

  private static boolean isHash(String sums, int at) {
    for (int i = at; i < at + HASH; i++) {
      char c = sums.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String escape(String name, boolean carriageReturns) {
    String escaped = name.replace("\\", "\\\\").replace("\n", "\\n");
    return carriageReturns ? escaped.replace("\r", "\\r") : escaped;
  }
}
