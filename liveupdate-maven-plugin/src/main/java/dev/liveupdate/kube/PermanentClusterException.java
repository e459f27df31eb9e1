package dev.liveupdate.kube;

/**
 * A refusal or a mistake that waiting does not mend: a Deployment, namespace or container that
 * does not exist, a request the user's rights do not allow (403), credentials the server rejects
 * (401), a certificate the kubeconfig does not trust, a container without the tools the transport
 * needs. The goals end at start on one, with its message; anything else about the cluster is
 * transient and retried.
 */
public class PermanentClusterException extends ClusterException {

  public PermanentClusterException(String message) {
    super(message);
  }

  public PermanentClusterException(String message, Throwable cause) {
    super(message, cause);
  }
}
