package dev.liveupdate.it.cluster;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The requests a double received, newest last, bounded so a long standalone run stays small. */
final class RequestLog {
  private static final int CAPACITY = 50_000;

  private final Deque<RecordedRequest> requests = new ArrayDeque<>();

  synchronized void add(RecordedRequest request) {
    if (requests.size() == CAPACITY) {
      requests.removeFirst();
    }
    requests.addLast(request);
  }

  synchronized List<RecordedRequest> snapshot() {
    return List.copyOf(requests);
  }

  synchronized void clear() {
    requests.clear();
  }
}
