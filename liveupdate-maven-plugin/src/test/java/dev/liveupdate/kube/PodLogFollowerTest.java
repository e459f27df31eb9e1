package dev.liveupdate.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The follower against a real HTTP server that answers the log API as the kubelet does: a stream
 * that ends is asked again from the last record's time ({@code sinceTime}, inclusive, so records
 * of that time and, at a server that only keeps seconds, of that whole second come again), and
 * nothing is printed twice; a 404 (the pod is gone) ends it.
 */
class PodLogFollowerTest {

  private HttpServer server;
  private final List<String> queries = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/v1/namespaces/ns/pods/api-1/log", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      String body = switch (requests.incrementAndGet()) {
        // the first stream ends after two records of the same instant
        case 1 -> "2026-12-02T10:00:00.100000000Z one\n2026-12-02T10:00:01.200000000Z two\n"
            + "2026-12-02T10:00:01.200000000Z two-bis\n";
        // sinceTime kept to the second, as metav1.Time would: the second comes again
        case 2 -> "2026-12-02T10:00:01.000000000Z early\n2026-12-02T10:00:01.200000000Z two\n"
            + "2026-12-02T10:00:01.200000000Z two-bis\n2026-12-02T10:00:01.200000000Z two-ter\n"
            + "2026-12-02T10:00:02.000000000Z three\n";
        default -> null;
      };
      byte[] bytes = body == null ? "{\"kind\":\"Status\",\"code\":404}".getBytes(
          StandardCharsets.UTF_8) : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aReconnectAsksFromTheLastRecordAndPrintsNothingTwice() throws Exception {
    ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:"
        + server.getAddress().getPort());
    List<String> lines = new CopyOnWriteArrayList<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    PodLogFollower follower = new PodLogFollower(client, "ns", "api-1", "api", 10, () -> true,
        lines::add, (message, cause) -> failures.add(message));
    Thread thread = new Thread(follower);
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(20));
    follower.close();

    assertTrue(!thread.isAlive(), "a 404 ends the follower");
    assertEquals(List.of("one", "two", "two-bis", "two-ter", "three"), lines);
    assertEquals(3, queries.size(), queries.toString());
    assertTrue(queries.get(0).contains("follow=true") && queries.get(0).contains("timestamps=true")
        && queries.get(0).contains("tailLines=10") && !queries.get(0).contains("sinceTime"),
        queries.get(0));
    assertTrue(queries.get(1).contains("sinceTime=2026-12-02T10%3A00%3A01.200Z")
        && !queries.get(1).contains("tailLines"), queries.get(1));
    assertTrue(queries.get(2).contains("sinceTime=2026-12-02T10%3A00%3A02Z"), queries.get(2));
    assertEquals(List.of(), failures);
  }
}
