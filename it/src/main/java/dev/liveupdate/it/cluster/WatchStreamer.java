package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * Streams a watch as the API server does: a chunked response of newline-separated
 * {@code {"type":...,"object":...}} documents (objects rendered as Tables if asked), until the
 * client goes away, {@code timeoutSeconds} pass, or the double stops.
 */
final class WatchStreamer {
  private final ObjectStore store;

  WatchStreamer(ObjectStore store) {
    this.store = store;
  }

  void stream(ApiRequest request, Response response, Callback callback) throws IOException {
    ApiPath path = request.apiPath;
    boolean table = request.wantsTable();
    String includeObject = request.param("includeObject");
    long timeoutSeconds = request.param("timeoutSeconds") == null ? 3600 : Long.parseLong(request.param("timeoutSeconds"));
    Watch watch = store.watch(path.kind(), path.namespace(), ResourceApi.filter(request, path.kind()), request.param("resourceVersion"));
    request.jetty.addFailureListener(failure -> store.unregister(watch));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
    try {
      write(response, ByteBuffer.allocate(0), false);
      boolean first = true;
      while (System.nanoTime() < deadline) {
        WatchEvent event = watch.next(Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1),
            TimeUnit.MILLISECONDS);
        if (event == null) {
          continue;
        }
        if (Watch.isEnd(event)) {
          break;
        }
        var object = table && !event.type().equals("ERROR")
            ? Tables.table(path.kind(), List.of(event.object()), includeObject, first, event.resourceVersion())
            : event.object();
        first = false;
        byte[] line = (Json.string(event.toJson(object)) + "\n").getBytes(StandardCharsets.UTF_8);
        write(response, ByteBuffer.wrap(line), false);
      }
      write(response, ByteBuffer.allocate(0), true);
      callback.succeeded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    } finally {
      store.unregister(watch);
    }
  }

  private static void write(Response response, ByteBuffer bytes, boolean last) throws IOException {
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, bytes, blocker);
      blocker.block();
    }
  }
}
