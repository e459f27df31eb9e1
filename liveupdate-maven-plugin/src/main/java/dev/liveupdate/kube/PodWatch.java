package dev.liveupdate.kube;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.Watch;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Watches the target's pods so that an idle dev loop need not poll: every pod event (added,
 * restarted, deleted) moves a counter on. A list first gives the resourceVersion to watch from;
 * the watch is asked to end every {@value #WATCH_SECONDS} s (below the client's read timeout) and
 * resumed from the last version seen, so a quiet cluster costs one request per
 * {@value #WATCH_SECONDS} s. When the server answers {@code ERROR} (410 Gone: the version is too
 * old) or the connection fails, the watch lists again and the counter moves on too, since events
 * may have been missed; while it cannot connect, {@link #changes()} is empty and the caller polls.
 */
final class PodWatch implements AutoCloseable {

  static final int WATCH_SECONDS = 25;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

  private final ApiClient client;
  private final String namespace;
  private final Supplier<String> selector;
  private final BiConsumer<String, Throwable> failures;
  private final AtomicLong changes = new AtomicLong();
  private final Thread thread;
  private volatile boolean live;
  private volatile boolean closed;
  private volatile okhttp3.Call current;

  /**
   * @param failures told of every failure the watch recovers from, with its cause
   * @param selector the label selector of the target's pods, read again after each failure
   */
  PodWatch(ApiClient client, String namespace, BiConsumer<String, Throwable> failures,
      Supplier<String> selector) {
    this.client = client;
    this.namespace = namespace;
    this.failures = failures;
    this.selector = selector;
    this.thread = new Thread(this::run, "liveupdate-pod-watch");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** How many pod changes were seen, or empty while the watch is not connected. */
  OptionalLong changes() {
    return live ? OptionalLong.of(changes.get()) : OptionalLong.empty();
  }

  /** Watches until closed; if the thread dies of an error, the caller polls from then on. */
  private void run() {
    try {
      watchUntilClosed();
    } catch (RuntimeException | Error e) {
      failures.accept("the pod watch stopped; the pods are polled from now on", e);
      throw e;
    } finally {
      live = false;
    }
  }

  private void watchUntilClosed() {
    Duration retry = FIRST_RETRY;
    String version = null;
    while (!closed) {
      try {
        String labels = selector.get();
        if (version == null) {
          V1PodList list = new CoreV1Api(client).listNamespacedPod(namespace)
              .labelSelector(labels).execute();
          version = list.getMetadata().getResourceVersion();
          changes.incrementAndGet(); // whatever happened while not watching
        }
        version = watchFrom(labels, version);
        retry = FIRST_RETRY;
      } catch (Exception e) {
        live = false;
        version = null;
        if (closed) {
          return;
        }
        failures.accept("the pod watch in namespace " + namespace + " failed; it lists the pods"
            + " again in " + retry.toSeconds() + " s, and they are polled meanwhile", e);
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException interrupted) {
          return;
        }
        retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY
            : retry.multipliedBy(2);
      }
    }
  }

  /** Watches until the server ends the watch; the version to resume from, or null to list. */
  private String watchFrom(String labels, String version) throws Exception {
    okhttp3.Call call = new CoreV1Api(client).listNamespacedPod(namespace).labelSelector(labels)
        .watch(true).allowWatchBookmarks(true).resourceVersion(version)
        .timeoutSeconds(WATCH_SECONDS).buildCall(null);
    current = call;
    if (closed) {
      return null;
    }
    try (Watch<V1Pod> watch = Watch.createWatch(client, call,
        new TypeToken<Watch.Response<V1Pod>>() {}.getType())) {
      live = true;
      for (Watch.Response<V1Pod> event : watch) {
        if ("ERROR".equals(event.type)) {
          changes.incrementAndGet();
          return null; // 410 Gone or another refusal: list again
        }
        if (event.object != null && event.object.getMetadata() != null
            && event.object.getMetadata().getResourceVersion() != null) {
          version = event.object.getMetadata().getResourceVersion();
        }
        if (!"BOOKMARK".equals(event.type)) {
          changes.incrementAndGet();
        }
      }
      return version;
    } finally {
      current = null;
    }
  }

  /**
   * Stops the watch: cancels its call (OkHttp's way to end a blocked read from another thread;
   * closing the stream there is not safe) and waits a moment for the thread to end.
   */
  @Override
  public void close() {
    closed = true;
    live = false;
    okhttp3.Call call = current;
    if (call != null) {
      call.cancel();
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
