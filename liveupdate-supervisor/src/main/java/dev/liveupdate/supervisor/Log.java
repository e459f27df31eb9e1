package dev.liveupdate.supervisor;

/**
 * The supervisor's own lines, on standard error, each prefixed with {@value #PREFIX} so they stand
 * apart from the app's output in the container log (the app's streams are inherited untouched).
 */
final class Log {

  static final String PREFIX = "[liveupdate-supervisor] ";
  /** The prefix of the hot-swap agent's lines, in the app's own standard error. */
  static final String AGENT_PREFIX = "[liveupdate-agent] ";

  private static volatile String prefix = PREFIX;

  private Log() {}

  /** Called once by the agent, in the app's JVM. */
  static void useAgentPrefix() {
    prefix = AGENT_PREFIX;
  }

  static void info(String message) {
    System.err.println(prefix + message);
  }
}
