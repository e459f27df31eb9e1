package dev.liveupdate.it.cluster;

import java.time.Instant;

/**
 * One request the double received, for tests that assert what a client did (or did not do).
 *
 * @param method HTTP method, e.g. {@code GET}
 * @param path the path, e.g. {@code /api/v1/namespaces/default/pods/web-x/exec}
 * @param query the raw query string, or {@code ""}
 * @param userAgent the User-Agent header, or {@code ""}
 * @param time when it arrived
 */
public record RecordedRequest(String method, String path, String query, String userAgent, Instant time) {

  /** True for pod exec requests. */
  public boolean isExec() {
    return path.endsWith("/exec");
  }

  /** True for pod port-forward requests. */
  public boolean isPortForward() {
    return path.endsWith("/portforward");
  }

  /** True for pod log requests. */
  public boolean isLog() {
    return path.endsWith("/log");
  }

  @Override
  public String toString() {
    return method + " " + path + (query.isEmpty() ? "" : "?" + query);
  }
}
