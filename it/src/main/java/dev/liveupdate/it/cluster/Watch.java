package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An open watch: a queue of the events that match its kind, namespace and selectors. */
final class Watch {
  private static final WatchEvent CLOSED = new WatchEvent(null, "CLOSED", null, 0);

  private final ResourceKind kind;
  private final String namespace;
  private final Predicate<JsonNode> filter;
  private final BlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();

  Watch(ResourceKind kind, String namespace, Predicate<JsonNode> filter) {
    this.kind = kind;
    this.namespace = namespace;
    this.filter = filter;
  }

  void offerIfMatches(WatchEvent event) {
    if (event.kind() == kind
        && (namespace == null || namespace.equals(Json.text(event.object(), "metadata", "namespace")))
        && filter.test(event.object())) {
      queue.add(event);
    }
  }

  void offer(WatchEvent event) {
    queue.add(event);
  }

  void close() {
    queue.add(CLOSED);
  }

  /** The next event, null on timeout; {@link #isEnd} tells whether the watch was closed. */
  WatchEvent next(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  static boolean isEnd(WatchEvent event) {
    return event == CLOSED;
  }
}
