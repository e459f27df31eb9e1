package dev.liveupdate.supervisor;

/**
 * The supervisor's own lines, on standard error, each prefixed with {@value #PREFIX} so they stand
 * apart from the app's output in the container log (the app's streams are inherited untouched).
 */
final class Log {

  static final String PREFIX = "[liveupdate-supervisor] ";

  private Log() {}

  static void info(String message) {
    System.err.println(PREFIX + message);
  }
}
