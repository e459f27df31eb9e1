package dev.liveupdate.supervisor;

/**
 * One answer to a request: the single line {@code STATUS MILLIS MESSAGE}, e.g.
 * {@code ok 812 restarted app in 812 ms: pid 130 listening on 8080}. The supervisor and the agent
 * write {@link #OK}, {@link #CRASHED}, {@link #NOT_READY}, {@link #UNSUPPORTED} and {@link #FAILED}; the clients print
 * {@link #UNAVAILABLE}, {@link #TIMEOUT} and {@link #USAGE} lines of the same shape themselves.
 */
final class Result {

  /** The new app is ready: it listens on the expected ports, or it started when none is expected. */
  static final String OK = "ok";
  /** The new app exited before it was ready; the supervisor waits for the next request. */
  static final String CRASHED = "crashed";
  /** The new app did not become ready within the supervisor's --ready-timeout; it is left running. */
  static final String NOT_READY = "notready";
  /**
   * The cheaper reload cannot serve this change; nothing was changed and the app runs as before: the
   * JVM refuses the hot-swap (a structural change), or DevTools did not restart the app. The plugin
   * escalates to the next level.
   */
  static final String UNSUPPORTED = "unsupported";
  /** The supervisor could not restart: the command cannot be started, or the supervisor is stopping. */
  static final String FAILED = "failed";
  /** Client only: no supervisor took the request (no control directory, or nobody took it). */
  static final String UNAVAILABLE = "unavailable";
  /** Client only: the request was taken but no result came within the client's wait. */
  static final String TIMEOUT = "timeout";
  /** Client only: bad arguments. */
  static final String USAGE = "usage";

  final String status;
  final long millis;
  final String message;

  Result(String status, long millis, String message) {
    this.status = status;
    this.millis = millis;
    this.message = message.replace('\n', ' ').replace('\r', ' ');
  }

  String line() {
    return status + " " + millis + " " + message;
  }

  /** Process exit status a client reports for this result. */
  int exitStatus() {
    switch (status) {
      case OK: return 0;
      case USAGE: return 2;
      case UNAVAILABLE: return 3;
      case TIMEOUT: return 124;
      default: return 1;
    }
  }

  @Override
  public String toString() {
    return line();
  }
}
