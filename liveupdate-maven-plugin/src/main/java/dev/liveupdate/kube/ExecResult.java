package dev.liveupdate.kube;

/**
 * How an exec ended.
 *
 * @param exitCode the command's exit status, or -1 when the API gave none (the container or the
 *                 connection went away)
 * @param stderrTail the last lines the command wrote to stderr, for error messages
 */
public record ExecResult(int exitCode, String stderrTail) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
