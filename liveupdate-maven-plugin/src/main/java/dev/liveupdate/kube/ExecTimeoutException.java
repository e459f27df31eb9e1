package dev.liveupdate.kube;

/**
 * An exec did not finish within its timeout and was abandoned: its session is closed, but the
 * command may still run in the container (the API server does not end it; see
 * {@link Cluster#exec}).
 */
public class ExecTimeoutException extends ClusterException {

  public ExecTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
