package dev.liveupdate.kube;

import io.kubernetes.client.openapi.ApiException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns what the official client throws into one line a user can act on, naming the server, the
 * kubeconfig context and the cause, instead of client-java's {@code ApiException} dump
 * ({@code HTTP response code: 0 / body: null / headers: null}). The rules:
 *
 * <ul>
 *   <li>no answer (code 0): connection refused, unknown host, no route, timeout — transient; a TLS
 *       failure (the certificate is not trusted, the name does not match) — permanent;
 *   <li>401: the credentials were rejected — permanent, naming the kubeconfig user;
 *   <li>403: the user may not do this — permanent, naming the user and the verb;
 *   <li>429 and 5xx: the server is busy or failing — transient;
 *   <li>any other 4xx (404 included): permanent, with the server's own message.
 * </ul>
 *
 * The original exception is kept as the cause, for {@code -e} and {@code -X}.
 */
public final class ApiErrors {

  /** OkHttp's words for an exec upgrade the server answered with an HTTP status. */
  private static final Pattern UPGRADE_REFUSED =
      Pattern.compile("Expected HTTP 101 response but was '(\\d{3})([^']*)'");
  private static final Pattern USER = Pattern.compile("User \"([^\"]+)\"");

  /**
   * One request, as said in messages.
   *
   * @param verb      the Kubernetes verb ({@code get}, {@code list}, {@code create}, {@code patch})
   * @param resource  the resource, plural ({@code deployments}, {@code pods/exec})
   * @param name      the object's name, or null for a collection
   * @param namespace the namespace, or null for a cluster-wide resource
   */
  public record Call(String verb, String resource, String name, String namespace) {

    /** {@code get deployments/api in namespace default}. */
    String describe() {
      return verb + " " + resource + (name == null ? "" : " " + name)
          + (namespace == null ? "" : " in namespace " + namespace);
    }

    /** {@code get deployments in namespace default}, as RBAC grants it. */
    String right() {
      return verb + " " + resource + (namespace == null ? "" : " in namespace " + namespace);
    }
  }

  private ApiErrors() {}

  /** The failure of one API request. */
  public static ClusterException of(ClusterAddress address, Call call, ApiException e) {
    if (e.getCode() == 0) {
      return unreachable(address, e.getCause() != null ? e.getCause() : e);
    }
    return answered(address, call, e.getCode(), StatusMessages.of(e.getResponseBody()), e);
  }

  /**
   * An exec or other WebSocket that failed before or while it was open: an HTTP answer instead of
   * the upgrade (OkHttp says "Expected HTTP 101 response but was '403 Forbidden'"), or no answer.
   */
  public static ClusterException ofUpgrade(ClusterAddress address, Call call, Throwable failure) {
    Matcher refused = UPGRADE_REFUSED.matcher(String.valueOf(failure.getMessage()));
    if (refused.find()) {
      int code = Integer.parseInt(refused.group(1));
      return answered(address, call, code, refused.group(1) + refused.group(2), failure);
    }
    boolean network = find(failure, java.io.IOException.class)
        .filter(io -> io instanceof ConnectException || io instanceof UnknownHostException
            || io instanceof NoRouteToHostException || io instanceof SSLException
            || io instanceof java.net.SocketTimeoutException).isPresent()
        || find(failure, GeneralSecurityException.class).isPresent();
    return network ? unreachable(address, failure)
        : new ClusterException("cannot " + call.describe() + ": " + rootMessage(failure), failure);
  }

  /**
   * No answer, said in the user's words: transient, unless the server's TLS identity is at fault,
   * which waiting does not change.
   */
  private static ClusterException unreachable(ClusterAddress address, Throwable cause) {
    String where = "cannot reach " + address.describe() + ": ";
    Optional<Throwable> tls = find(cause, SSLException.class)
        .or(() -> find(cause, GeneralSecurityException.class));
    if (tls.isPresent()) {
      String what = tls.get() instanceof SSLPeerUnverifiedException
          ? "the server's certificate does not name this host"
          : "the server's certificate is not trusted by the kubeconfig's certificate-authority";
      return new PermanentClusterException(where + "TLS failure: " + what + " ("
          + rootMessage(tls.get()) + "); check the cluster entry of the context, or recreate"
          + " the kubeconfig for this cluster", cause);
    }
    if (find(cause, ConnectException.class).isPresent()) {
      return new ClusterException(where + (mentions(cause, "refused")
          ? "connection refused: is the cluster running?"
          : "cannot connect (" + rootMessage(cause) + "): is the cluster running?"), cause);
    }
    if (find(cause, UnknownHostException.class).isPresent()) {
      return new ClusterException(where + "unknown host (" + rootMessage(cause)
          + "): check the server of the kubeconfig's cluster entry, or the network", cause);
    }
    if (find(cause, NoRouteToHostException.class).isPresent()) {
      return new ClusterException(where + "no route to host: check the network or VPN", cause);
    }
    if (find(cause, InterruptedIOException.class).isPresent()) {
      return new ClusterException(where + "no answer in time (" + rootMessage(cause)
          + "): is the cluster overloaded or the network down?", cause);
    }
    return new ClusterException(where + rootMessage(cause), cause);
  }

  private static ClusterException answered(ClusterAddress address, Call call, int code,
      String serverMessage, Throwable cause) {
    if (code == 401) {
      return new PermanentClusterException(address.describe() + " rejected the credentials of"
          + " user '" + address.user() + "' (401 Unauthorized): the token or client certificate"
          + " in the kubeconfig is wrong or expired; log in again and restart", cause);
    }
    if (code == 403) {
      Matcher user = USER.matcher(serverMessage);
      String who = user.find() ? user.group(1) : address.user();
      return new PermanentClusterException("forbidden: user '" + who + "' may not "
          + call.right() + " (403 from " + address.describe() + "); ask for that right, check"
          + " it with: kubectl auth can-i " + call.verb() + " " + call.resource()
          + (call.namespace() == null ? "" : " -n " + call.namespace()), cause);
    }
    String text = "cannot " + call.describe() + ": " + address.describe() + " answered " + code
        + (serverMessage.isBlank() ? "" : " (" + serverMessage + ")");
    if (code == 429 || code >= 500) {
      return new ClusterException(text, cause);
    }
    return new PermanentClusterException(text, cause);
  }

  private static <T extends Throwable> Optional<Throwable> find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static boolean mentions(Throwable t, String word) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message of a chain, which names what failed; the class name when none. */
  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }
}
