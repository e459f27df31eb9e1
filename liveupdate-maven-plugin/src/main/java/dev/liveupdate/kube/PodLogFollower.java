package dev.liveupdate.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows one container's log ({@code follow=true&timestamps=true}) through the official client,
 * across its restarts: when the stream ends (the container stopped, the connection dropped), it
 * asks again from the time of the last line printed ({@code sinceTime}, which the API has but
 * client-java's request builder lacks, so it is added to the call the builder made) and drops what
 * it already printed: records older than that time, and as many records of that very time as were
 * printed. Ends when the pod is gone (404) or is no longer the target's.
 */
final class PodLogFollower implements Runnable {

  private static final long RETRY_MILLIS = 1_000;

  private final ApiClient client;
  private final OkHttpClient http;
  private final String namespace;
  private final String pod;
  private final String container;
  private final Integer firstTail;
  private final BooleanSupplier wanted;
  private final Consumer<String> lines;
  private final BiConsumer<String, Throwable> failures;
  private volatile boolean closed;
  private volatile Call current;
  private Instant last;
  private int printedAtLast;

  /**
   * @param firstTail how many records of the log as it is to show first; null for all
   * @param wanted    whether the pod is still one of the target's (asked when a stream ends)
   */
  PodLogFollower(ApiClient client, String namespace, String pod, String container,
      Integer firstTail, BooleanSupplier wanted, Consumer<String> lines,
      BiConsumer<String, Throwable> failures) {
    this.client = client;
    // a quiet app is no reason to drop the stream: no read timeout
    this.http = client.getHttpClient().newBuilder().readTimeout(java.time.Duration.ZERO).build();
    this.namespace = namespace;
    this.pod = pod;
    this.container = container;
    this.firstTail = firstTail;
    this.wanted = wanted;
    this.lines = lines;
    this.failures = failures;
  }

  @Override
  public void run() {
    while (!closed) {
      try {
        int status = stream();
        if (status == 404) {
          return; // the pod is gone
        }
      } catch (IOException | ApiException e) {
        if (!closed) {
          failures.accept("the log stream of pod " + pod + " ended; it is asked again", e);
        }
      }
      if (closed || !wanted.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One request, read to its end; the HTTP status. */
  private int stream() throws IOException, ApiException {
    CoreV1Api.APIreadNamespacedPodLogRequest builder = new CoreV1Api(client)
        .readNamespacedPodLog(pod, namespace).container(container).follow(true).timestamps(true);
    if (last == null && firstTail != null) {
      builder.tailLines(firstTail);
    }
    Request request = builder.buildCall(null).request();
    if (last != null) {
      request = request.newBuilder().url(request.url().newBuilder()
          .addQueryParameter("sinceTime", last.toString()).build()).build();
    }
    Call call = http.newCall(request);
    current = call;
    if (closed) {
      return 0;
    }
    try (Response response = call.execute()) {
      if (!response.isSuccessful() || response.body() == null) {
        return response.code(); // 400: the container is not running yet; asked again
      }
      int skip = printedAtLast;
      try (BufferedReader in = new BufferedReader(new InputStreamReader(
          response.body().byteStream(), StandardCharsets.UTF_8))) {
        for (String record = in.readLine(); record != null; record = in.readLine()) {
          int space = record.indexOf(' ');
          Instant time;
          try {
            time = Instant.parse(space < 0 ? record : record.substring(0, space));
          } catch (DateTimeParseException e) {
            lines.accept(record); // not a timestamped record: shown as it is
            continue;
          }
          if (last != null && time.isBefore(last)) {
            continue; // printed before the reconnect
          }
          if (last != null && time.equals(last)) {
            if (skip > 0) {
              skip--;
              continue;
            }
            printedAtLast++;
          } else {
            last = time;
            printedAtLast = 1;
            skip = 0;
          }
          lines.accept(space < 0 ? "" : record.substring(space + 1));
        }
      }
      return response.code();
    } finally {
      current = null;
    }
  }

  /** Stops following: cancels the request (OkHttp's way to end a blocked read). */
  void close() {
    closed = true;
    Call call = current;
    if (call != null) {
      call.cancel();
    }
  }
}
