package dev.liveupdate.kube;

/**
 * Where the cluster is and who asks, as the kubeconfig says: named in every message about
 * reaching it, so a user can tell which cluster and which credentials were used. Holds no
 * credentials.
 *
 * @param server  the API server URL ({@code https://127.0.0.1:6443})
 * @param context the kubeconfig context
 * @param user    the context's user entry, as named in the kubeconfig; {@code ?} when it names none
 */
public record ClusterAddress(String server, String context, String user) {

  /** {@code https://127.0.0.1:6443 (context kind-dev)}. */
  public String describe() {
    return server + " (context " + context + ")";
  }
}
