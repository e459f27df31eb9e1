package dev.liveupdate.it.bench;

import dev.liveupdate.it.cluster.PodInfo;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * When every replica serves a text: one thread per pod fetches {@code GET /} from the pod's own IP
 * (as a client in the cluster would) every {@link #INTERVAL} and records when the answer first is
 * the expected one. While the app restarts the connection is refused: tried again.
 */
final class ReplicaProbe {

  static final Duration INTERVAL = Duration.ofMillis(20);
  static final String DESCRIPTION = "GET / on port 8080 of each pod's own IP every 20 ms, one "
      + "thread per pod; the time of the first answer that is the new text (200 and exactly the "
      + "expected body); the figure is the last replica's";

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final ExecutorService threads;
  private final List<Future<Long>> seen = new ArrayList<>();

  private ReplicaProbe(List<PodInfo> pods, Function<PodInfo, String> expected, Duration timeout) {
    threads = Executors.newFixedThreadPool(pods.size());
    for (PodInfo pod : pods) {
      seen.add(threads.submit(() -> awaitOne(pod, expected.apply(pod), timeout)));
    }
  }

  /**
   * Starts fetching from each pod until it serves {@code expected.apply(pod)} (at most
   * {@code timeout}): start it right after the save, so that it sees the new text as soon as it is
   * served while the caller reads the plugin's lines.
   */
  static ReplicaProbe start(List<PodInfo> pods, Function<PodInfo, String> expected,
      Duration timeout) {
    return new ReplicaProbe(pods, expected, timeout);
  }

  /**
   * The {@link System#nanoTime()} at which the last pod first served its text; fails naming the
   * pod and what it served last.
   */
  long awaitAll() throws InterruptedException {
    long last = 0;
    try {
      for (Future<Long> f : seen) {
        last = Math.max(last, f.get());
      }
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } finally {
      threads.shutdownNow();
      threads.awaitTermination(10, TimeUnit.SECONDS);
    }
    return last;
  }

  private static long awaitOne(PodInfo pod, String expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "nothing yet";
    HttpRequest request = HttpRequest.newBuilder(pod.uri(8080, "/"))
        .timeout(Duration.ofSeconds(5)).build();
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> response = CLIENT.send(request,
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long at = System.nanoTime();
        if (response.statusCode() == 200 && response.body().equals(expected)) {
          return at;
        }
        last = response.statusCode() + " " + response.body().strip();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(INTERVAL.toMillis()); // the probe's polling interval
    }
    throw new AssertionError(pod.name() + " did not serve '" + expected.strip() + "' within "
        + timeout.toSeconds() + " s; last: " + last);
  }
}
