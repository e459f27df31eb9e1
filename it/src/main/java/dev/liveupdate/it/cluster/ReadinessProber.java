package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The kubelet's readiness prober. For each started container with a {@code readinessProbe}, the
 * handler runs {@code initialDelaySeconds} after the start, then every {@code periodSeconds}
 * (counted from the start of the previous run), each run bounded by {@code timeoutSeconds}. The
 * results feed the container's {@link PodRecord.Readiness}; when that changes, the pod status is
 * refreshed. A new container (a restart) starts unready with fresh counts; the probes of a
 * container stop when it is replaced or its pod is deleted. A container without a readiness probe
 * is ready while it runs, as on Kubernetes; liveness and startup probes are not run.
 */
final class ReadinessProber implements AutoCloseable {
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("double-prober-timer"));
  private final ExecutorService probes = Executors.newCachedThreadPool(DaemonThreads.named("double-prober"));
  private final Runnable onChange;
  private volatile boolean closed;

  /** @param onChange called (on a prober thread) when a container's readiness changed */
  ReadinessProber(Runnable onChange) {
    this.onChange = onChange;
  }

  /** Starts probing a container that was just started as {@code containerId}. */
  void started(PodRecord pod, PodRecord.ContainerRecord container, String containerId) {
    synchronized (pod) {
      container.readiness = new PodRecord.Readiness(containerId);
    }
    JsonNode probe = container.spec.path("readinessProbe");
    if (probe.isObject()) {
      schedule(pod, container, containerId, probe, seconds(probe, "initialDelaySeconds", 0));
    }
  }

  private void schedule(PodRecord pod, PodRecord.ContainerRecord container, String containerId, JsonNode probe,
      long delayMillis) {
    if (closed) {
      return;
    }
    try {
      timer.schedule(() -> probes.execute(() -> probeOnce(pod, container, containerId, probe)), delayMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException shutDown) {
      // the double is closing
    }
  }

  private void probeOnce(PodRecord pod, PodRecord.ContainerRecord container, String containerId, JsonNode probe) {
    if (closed || pod.deleting || !containerId.equals(currentId(pod, container))) {
      return;
    }
    long start = System.nanoTime();
    ProbeChecks.Result result = ProbeChecks.run(probe, pod.podIp, container.spec, containerId);
    boolean changed;
    synchronized (pod) {
      if (!containerId.equals(container.readiness.containerId)) {
        return;
      }
      changed = container.readiness.record(result.success(), Math.max(1, probe.path("successThreshold").asInt(1)),
          Math.max(1, probe.path("failureThreshold").asInt(3)));
    }
    if (changed) {
      onChange.run();
    }
    long periodMillis = TimeUnit.SECONDS.toMillis(Math.max(1, probe.path("periodSeconds").asInt(10)));
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
    schedule(pod, container, containerId, probe, Math.max(0, periodMillis - elapsedMillis));
  }

  private static String currentId(PodRecord pod, PodRecord.ContainerRecord container) {
    synchronized (pod) {
      return container.containerId;
    }
  }

  private static long seconds(JsonNode probe, String field, int defaultSeconds) {
    return TimeUnit.SECONDS.toMillis(Math.max(0, probe.path(field).asInt(defaultSeconds)));
  }

  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
    probes.shutdownNow();
    try {
      probes.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
