package dev.liveupdate.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Streams the log of the target container of every target pod, as Tilt does: one
 * {@link PodLogFollower} per pod, started when the pod appears (the pod watch's count says when
 * to list again; without a watch, every {@value #POLL_SECONDS} s), following its container's
 * restarts, ending when the pod is gone. Pods running when the streams start show their last
 * {@value #FIRST_TAIL} lines first; pods that start later show their whole log.
 */
final class PodLogStreams implements Stoppable {

  static final int FIRST_TAIL = 10;
  static final int POLL_SECONDS = 2;
  private static final long TICK_MILLIS = 200;

  private final ApiClient client;
  private final String namespace;
  private final TargetPods pods;
  private final Cluster.LogLines lines;
  private final BiConsumer<String, Throwable> failures;
  private final Map<String, PodLogFollower> following = new ConcurrentHashMap<>();
  private final Set<String> listed = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;
  private boolean first = true;

  PodLogStreams(ApiClient client, String namespace, TargetPods pods, Cluster.LogLines lines,
      BiConsumer<String, Throwable> failures) {
    this.client = client;
    this.namespace = namespace;
    this.pods = pods;
    this.lines = lines;
    this.failures = failures;
    this.thread = new Thread(this::run, "liveupdate-logs");
    thread.setDaemon(true);
  }

  PodLogStreams start() {
    thread.start();
    return this;
  }

  private void run() {
    long seen = Long.MIN_VALUE;
    long nextList = 0;
    while (!closed) {
      OptionalLong changes = pods.changes();
      long now = System.nanoTime();
      if ((changes.isPresent() && changes.getAsLong() != seen) || now - nextList >= 0) {
        seen = changes.orElse(seen);
        nextList = now + POLL_SECONDS * 1_000_000_000L;
        try {
          follow(pods.list());
        } catch (ClusterException | RuntimeException e) {
          failures.accept("listing the pods for their logs failed; tried again in "
              + POLL_SECONDS + " s", e);
        }
      }
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Starts a follower for each pod not followed yet whose container has started. */
  private void follow(List<V1Pod> current) throws ClusterException {
    Set<String> names = new HashSet<>();
    for (V1Pod pod : current) {
      names.add(key(pod));
    }
    listed.retainAll(names);
    listed.addAll(names);
    for (V1Pod pod : current) {
      String key = key(pod);
      if (following.containsKey(key) || !started(pod)) {
        continue;
      }
      String name = pod.getMetadata().getName();
      String container = pods.container(pod);
      PodLogFollower follower = new PodLogFollower(client, namespace, name, container,
          first ? FIRST_TAIL : null, () -> !closed && listed.contains(key),
          text -> lines.line(name, container, text), failures);
      following.put(key, follower);
      Thread reader = new Thread(() -> {
        try {
          follower.run();
        } finally {
          following.remove(key, follower);
        }
      }, "liveupdate-log-" + name);
      reader.setDaemon(true);
      reader.start();
    }
    first = false;
  }

  /** A pod has a log once one of its containers started (or ran and ended). */
  private static boolean started(V1Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream().anyMatch(s -> s.getState() != null
            && (s.getState().getRunning() != null || s.getState().getTerminated() != null));
  }

  private static String key(V1Pod pod) {
    return pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    following.values().forEach(PodLogFollower::close);
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
