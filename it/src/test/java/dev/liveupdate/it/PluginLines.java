package dev.liveupdate.it;

import java.util.regex.Pattern;

/** Lines of the plugin's output that tests and benchmarks look for, in one place. */
public final class PluginLines {

  /**
   * The header that starts each update: {@code 3 files changed, 1 deleted in 2 containers: …},
   * {@code 1 deleted: /app/api/old.txt}, {@code 1 file changed} (the names, when there are any,
   * after a colon).
   */
  public static final Pattern UPDATE_HEADER = Pattern.compile(
      "\\] (?:\\d+ files? changed(?:, \\d+ deleted)?|\\d+ deleted)(?: in \\d+ containers)?(?::.*)?$");

  private PluginLines() {}

  /** Whether {@code line} starts an update. */
  public static boolean isUpdateHeader(String line) {
    return UPDATE_HEADER.matcher(line).find();
  }
}
