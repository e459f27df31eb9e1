package dev.liveupdate.kube;

/** The cluster could not be reached or refused a request; the message says which and why. */
public class ClusterException extends Exception {

  public ClusterException(String message) {
    super(message);
  }

  public ClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
