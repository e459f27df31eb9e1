package dev.liveupdate.it;

import org.awaitility.Awaitility;

import dev.liveupdate.it.cluster.PodInfo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** What an app serves, fetched from a pod's own IP as a client in the cluster would. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  /** {@code GET path} on port 8080 of the pod; fails unless it answers 200. */
  static String get(PodInfo pod, String path) throws IOException, InterruptedException {
    return get(pod, 8080, path);
  }

  /** {@code GET url} (a forwarded port on localhost, say); fails unless it answers 200. */
  static String get(String url) throws IOException, InterruptedException {
    return get(java.net.URI.create(url));
  }

  /** {@code GET path} on {@code port} of the pod; fails unless it answers 200. */
  static String get(PodInfo pod, int port, String path) throws IOException, InterruptedException {
    return get(pod.uri(port, path));
  }

  private static String get(java.net.URI uri) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("GET " + uri + " answered " + response.statusCode() + ": "
          + response.body());
    }
    return response.body();
  }

  /**
   * Waits until the pod serves {@code expected} at {@code path} (while the app restarts, the
   * connection may be refused: tried again); fails with what it served last.
   */
  static void await(PodInfo pod, String path, String expected, Duration timeout)
      throws InterruptedException {
    await(pod, 8080, path, expected, timeout);
  }

  /** As {@link #await(PodInfo, String, String, Duration)}, on {@code port}. */
  static void await(PodInfo pod, int port, String path, String expected, Duration timeout)
      throws InterruptedException {
    AtomicReference<String> last = new AtomicReference<>("nothing yet");
    until(() -> {
      try {
        String body = get(pod, port, path);
        last.set(body);
        return body.equals(expected);
      } catch (IOException e) {
        last.set(e.toString());
        return false;
      }
    }, "GET " + pod.uri(port, path) + " to serve '" + expected.strip() + "'", timeout, last);
  }

  static void until(Callable<Boolean> condition, String what, Duration timeout)
      throws InterruptedException {
    until(condition, what, timeout, new AtomicReference<>(""));
  }

  private static void until(Callable<Boolean> condition, String what, Duration timeout,
      AtomicReference<String> last) throws InterruptedException {
    try {
      Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).pollInSameThread()
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what
          + (last.get().isEmpty() ? "" : "; last: " + last.get()), e);
    }
  }
}
