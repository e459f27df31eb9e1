package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The double's kubelet: starts a sandbox per pod (its network namespace and IP) and one podman
 * container per pod container, probes their readiness, reports their state in the pod status,
 * restarts exited ones (restartPolicy, with back-off) and removes them on delete. podman changes
 * run one at a time on a worker thread; status refreshes are triggered by {@code podman events},
 * by readiness changes and by a slow safety poll.
 */
final class PodRuntime implements AutoCloseable {
  private static final Duration POLL = Duration.ofSeconds(2);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final String doubleId;
  private final ObjectStore store;
  private final Duration restartBackoff;
  private final Map<String, PodRecord> pods = new ConcurrentHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("double-kubelet"));
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("double-kubelet-timer"));
  private final AtomicBoolean refreshQueued = new AtomicBoolean();
  private final PodmanEvents events;
  private final ContainerLauncher launcher;
  private final ReadinessProber prober;
  private volatile boolean closing;

  PodRuntime(String doubleId, ObjectStore store, Duration restartBackoff) {
    this.doubleId = doubleId;
    this.store = store;
    this.restartBackoff = restartBackoff;
    this.launcher = new ContainerLauncher(doubleId);
    this.events = new PodmanEvents(doubleId, this::requestRefresh);
    this.prober = new ReadinessProber(this::requestRefresh);
    scheduler.scheduleWithFixedDelay(this::requestRefresh, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Starts the containers of a pod that was just stored. */
  void start(ObjectNode pod) {
    PodRecord record = new PodRecord(pod);
    pods.put(record.key(), record);
    worker.execute(() -> startContainers(record));
  }

  /**
   * Deletes a pod like the kubelet after a graceful delete: marks it Terminating
   * (deletionTimestamp), removes its containers, then the object (watchers see DELETED).
   * Returns the pod as marked.
   */
  ObjectNode delete(String namespace, String name) {
    ObjectNode marked = store.update(ResourceKind.PODS, namespace, name, pod -> {
      ObjectNode metadata = Json.obj(pod, "metadata");
      if (!metadata.has("deletionTimestamp")) {
        metadata.put("deletionTimestamp", Json.now());
        metadata.put("deletionGracePeriodSeconds", pod.path("spec").path("terminationGracePeriodSeconds").asLong(30));
      }
    });
    PodRecord record = pods.get(namespace + "/" + name);
    if (record != null) {
      record.deleting = true;
    }
    worker.execute(
        () -> {
          if (record != null) {
            launcher.remove(record);
            pods.remove(record.key());
          }
          store.find(ResourceKind.PODS, namespace, name)
              .filter(p -> Json.text(p, "metadata", "uid").equals(Json.text(marked, "metadata", "uid")))
              .ifPresent(p -> store.delete(ResourceKind.PODS, namespace, name));
        });
    return marked;
  }

  /** The podman container id of a pod's container, if it has one. */
  Optional<String> containerId(String namespace, String pod, String container) {
    PodRecord record = pods.get(namespace + "/" + pod);
    if (record == null) {
      return Optional.empty();
    }
    synchronized (record) {
      PodRecord.ContainerRecord c = record.container(container);
      return Optional.ofNullable(c == null ? null : c.containerId);
    }
  }

  /** Asks for a status refresh soon; many requests in a burst make one refresh. */
  void requestRefresh() {
    if (refreshQueued.compareAndSet(false, true)) {
      scheduler.execute(
          () -> {
            refreshQueued.set(false);
            refresh();
          });
    }
  }

  /** Reads every container's state from podman and writes the pod statuses that changed. */
  synchronized void refresh() {
    if (closing) {
      return;
    }
    List<PodRecord> snapshot = new ArrayList<>(pods.values());
    if (snapshot.isEmpty()) {
      return;
    }
    Map<String, JsonNode> psById = new HashMap<>();
    try {
      for (JsonNode entry : Podman.listContainers(doubleId)) {
        psById.put(entry.path("Id").asText(), entry);
      }
    } catch (RuntimeException e) {
      if (!closing) {
        System.err.println("[double] podman ps failed, pod statuses not refreshed: " + e);
      }
      return;
    }
    for (PodRecord record : snapshot) {
      if (record.deleting) {
        continue;
      }
      scheduleRestarts(record, psById);
      try {
        store.update(ResourceKind.PODS, record.namespace, record.name,
            pod -> pod.set("status", PodStatuses.build(pod.path("status"), record, psById)));
      } catch (KubeApiException gone) {
        // deleted meanwhile
      }
    }
  }

  private void startContainers(PodRecord record) {
    if (closing) {
      return;
    }
    if (record.podIp == null && !startSandbox(record)) {
      scheduleRetry(record);
      refresh();
      return;
    }
    for (PodRecord.ContainerRecord container : record.containers) {
      if (record.deleting) {
        return;
      }
      boolean started;
      synchronized (record) {
        started = container.containerId != null;
      }
      if (!started && !startContainer(record, container)) {
        scheduleRetry(record);
        break;
      }
    }
    refresh();
  }

  private boolean startSandbox(PodRecord record) {
    try {
      record.podIp = launcher.runSandbox(record);
      return true;
    } catch (RuntimeException e) {
      synchronized (record) {
        record.containers.get(0).waiting = Json.object().put("reason", "ContainerCreating")
            .put("message", "failed to create the pod sandbox: " + e.getMessage());
      }
      return false;
    }
  }

  private boolean startContainer(PodRecord record, PodRecord.ContainerRecord container) {
    try {
      container.imageId = launcher.pull(container);
    } catch (Podman.PodmanException e) {
      fail(record, container, container.pullFailures++ > 0 ? "ImagePullBackOff" : "ErrImagePull", e);
      return false;
    }
    try {
      String id = launcher.run(record, container);
      synchronized (record) {
        container.containerId = id;
        container.waiting = null;
      }
      prober.started(record, container, id);
      return true;
    } catch (Podman.PodmanException e) {
      fail(record, container, "CreateContainerError", e);
      return false;
    }
  }

  private static void fail(PodRecord record, PodRecord.ContainerRecord container, String reason, Podman.PodmanException e) {
    synchronized (record) {
      container.waiting = Json.object().put("reason", reason).put("message", e.result().stderr().strip());
    }
  }

  private void scheduleRetry(PodRecord record) {
    long delay = backoff(record.containers.stream().mapToInt(c -> c.pullFailures).max().orElse(1) - 1);
    scheduler.schedule(() -> worker.execute(() -> {
      if (!record.deleting) {
        startContainers(record);
      }
    }), delay, TimeUnit.MILLISECONDS);
  }

  private void scheduleRestarts(PodRecord record, Map<String, JsonNode> psById) {
    synchronized (record) {
      for (PodRecord.ContainerRecord container : record.containers) {
        JsonNode entry = container.containerId == null ? null : psById.get(container.containerId);
        if (entry == null || !PodStatuses.isExited(entry) || container.restartAt != null) {
          continue;
        }
        int exitCode = entry.path("ExitCode").asInt();
        String policy = record.restartPolicy();
        if (policy.equals("Never") || (policy.equals("OnFailure") && exitCode == 0)) {
          continue;
        }
        long delay = backoff(container.restartCount);
        container.restartAt = Instant.now().plusMillis(delay);
        ObjectNode terminated = PodStatuses.terminated(container, entry);
        scheduler.schedule(() -> worker.execute(() -> restart(record, container, terminated)), delay, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void restart(PodRecord record, PodRecord.ContainerRecord container, ObjectNode terminated) {
    if (record.deleting || closing) {
      return;
    }
    if (startContainer(record, container)) {
      synchronized (record) {
        container.restartCount++;
        container.lastTerminated = terminated;
        container.restartAt = null;
      }
    } else {
      synchronized (record) {
        container.restartAt = null;
      }
    }
    refresh();
  }

  private long backoff(int attempts) {
    long millis = restartBackoff.toMillis() << Math.min(Math.max(attempts, 0), 20);
    return Math.min(millis, MAX_BACKOFF.toMillis());
  }

  /** Stops following podman, lets a running podman call finish, then removes every container. */
  @Override
  public void close() {
    closing = true;
    events.close();
    prober.close();
    scheduler.shutdownNow();
    worker.shutdown();
    try {
      worker.awaitTermination(60, TimeUnit.SECONDS);
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Podman.removeAll(doubleId);
  }
}
