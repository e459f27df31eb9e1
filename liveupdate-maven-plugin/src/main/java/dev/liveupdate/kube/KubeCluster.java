package dev.liveupdate.kube;

import dev.liveupdate.config.ClosestName;
import dev.liveupdate.config.Target;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1LabelSelectorRequirement;
import io.kubernetes.client.openapi.models.V1Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/** The {@link Cluster} of a real Kubernetes API server, through the official Java client. */
public final class KubeCluster implements Cluster {

  private final ApiClient client;
  private final Target target;
  private final String namespace;
  private final ClusterAddress address;
  private final TargetLookup lookup;
  private final PodExec podExec;
  private volatile List<String> stuck = List.of();
  private volatile String noneRunning = "";
  private volatile String cachedSelector;
  private volatile PodWatch podWatch;

  public KubeCluster(ApiClient client, Target target, String namespace, ClusterAddress address) {
    this.client = client;
    this.target = target;
    this.namespace = namespace;
    this.address = address;
    this.lookup = new TargetLookup(client, target, namespace, address);
    this.podExec = new PodExec(client, address);
  }

  public String namespace() {
    return namespace;
  }

  /** Where the cluster is and who asks, for messages. */
  public ClusterAddress address() {
    return address;
  }

  @Override
  public List<ContainerRef> runningContainers() throws ClusterException {
    String selector = cachedSelector;
    boolean cached = selector != null;
    if (!cached) {
      selector = labelSelector();
    }
    List<V1Pod> pods = lookup.pods(selector);
    if (pods.isEmpty() && cached) {
      // A Deployment's selector cannot change, but the Deployment may have been made anew.
      String current = labelSelector();
      if (!current.equals(selector)) {
        pods = lookup.pods(current);
      }
    }
    if (pods.isEmpty()) {
      lookup.checkNamespace();
    }
    List<ContainerRef> running = new ArrayList<>();
    List<String> stuckNow = new ArrayList<>();
    for (V1Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() == null
          || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      String containerName = containerName(pod);
      Optional<V1ContainerStatus> status = statusOf(pod, containerName);
      if (status.isEmpty() || status.get().getState() == null) {
        continue;
      }
      if (status.get().getState().getRunning() != null) {
        running.add(new ContainerRef(namespace, pod.getMetadata().getName(), containerName,
            status.get().getContainerID()));
      } else {
        stuckReason(status.get()).ifPresent(why -> stuckNow.add("pod "
            + pod.getMetadata().getName() + " container " + containerName + " is " + why));
      }
    }
    stuck = List.copyOf(stuckNow);
    if (running.isEmpty()) {
      noneRunning = stuckNow.isEmpty()
          ? lookup.noneRunning(pods, target.container().orElse(firstContainer(pods)))
          : stuckNow.get(0) + ": waiting for it to run";
    }
    return running;
  }

  @Override
  public String noneRunning() {
    return noneRunning.isEmpty() ? Cluster.super.noneRunning() : noneRunning;
  }

  private static String firstContainer(List<V1Pod> pods) {
    return pods.isEmpty() ? "?" : pods.get(0).getSpec().getContainers().get(0).getName();
  }

  @Override
  public List<String> stuckContainers() {
    return stuck;
  }

  @Override
  public synchronized void watchPods(java.util.function.BiConsumer<String, Throwable> failures) {
    if (podWatch == null) {
      podWatch = new PodWatch(client, namespace, failures, () -> {
        try {
          String known = cachedSelector;
          return known != null ? known : labelSelector();
        } catch (ClusterException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
      podWatch.start();
    }
  }

  @Override
  public Stoppable followLogs(LogLines lines,
      java.util.function.BiConsumer<String, Throwable> failures) {
    return new PodLogStreams(client, namespace, targetPods(), lines, failures).start();
  }

  @Override
  public Stoppable forwardPorts(List<dev.liveupdate.config.PortForward> forwards,
      Forwarding announce, java.util.function.BiConsumer<String, Throwable> failures)
      throws ClusterException {
    return forwards.isEmpty() ? Stoppable.NONE
        : LocalPortForwards.start(client, namespace, targetPods(), forwards, announce, failures);
  }

  /** The target's pods for the log streams and port-forwards. */
  private TargetPods targetPods() {
    return new TargetPods() {
      @Override
      public List<V1Pod> list() throws ClusterException {
        String known = cachedSelector;
        return lookup.pods(known != null ? known : labelSelector());
      }

      @Override
      public String container(V1Pod pod) throws ClusterException {
        return containerName(pod);
      }

      @Override
      public java.util.OptionalLong changes() {
        return podChanges();
      }
    };
  }

  @Override
  public java.util.OptionalLong podChanges() {
    PodWatch watch = podWatch;
    return watch == null ? java.util.OptionalLong.empty() : watch.changes();
  }

  private static Optional<String> stuckReason(V1ContainerStatus status) {
    var waiting = status.getState().getWaiting();
    if (waiting != null && waiting.getReason() != null
        && !"ContainerCreating".equals(waiting.getReason())
        && !"PodInitializing".equals(waiting.getReason())) {
      return Optional.of(waiting.getReason() + " (restarts: " + status.getRestartCount() + ")");
    }
    var terminated = status.getState().getTerminated();
    if (terminated != null) {
      return Optional.of("terminated (exit " + terminated.getExitCode() + ")");
    }
    return Optional.empty();
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException {
    return podExec.exec(container, command, stdin, output, timeout);
  }

  @Override
  public void rollOut(String image, Duration timeout, Consumer<String> progress)
      throws ClusterException, InterruptedException {
    if (target.deployment().isEmpty()) {
      throw new ClusterException("cannot roll out " + target.describe()
          + ": a rebuild needs <target><deployment>");
    }
    new Rollout(client, namespace, target.deployment().get(), address)
        .run(target.container(), image, timeout, progress);
  }

  /**
   * The target's pod selector; a Deployment's is read once and kept (apps/v1 makes it immutable),
   * which saves a request on every update.
   */
  private String labelSelector() throws ClusterException {
    if (target.selector().isPresent()) {
      return target.selector().get();
    }
    V1Deployment deployment = lookup.deployment(target.deployment().orElseThrow());
    String selector = toSelectorString(deployment.getSpec().getSelector());
    cachedSelector = selector;
    return selector;
  }

  static String toSelectorString(V1LabelSelector selector) {
    List<String> parts = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        parts.add(e.getKey() + "=" + e.getValue());
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (V1LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String values = r.getValues() == null ? "" : String.join(",", r.getValues());
        parts.add(switch (r.getOperator()) {
          case "In" -> r.getKey() + " in (" + values + ")";
          case "NotIn" -> r.getKey() + " notin (" + values + ")";
          case "Exists" -> r.getKey();
          case "DoesNotExist" -> "!" + r.getKey();
          default -> throw new IllegalArgumentException("unknown selector operator " + r.getOperator());
        });
      }
    }
    return String.join(",", parts);
  }

  private String containerName(V1Pod pod) throws ClusterException {
    List<String> names = pod.getSpec().getContainers().stream().map(V1Container::getName).toList();
    String name = target.container().orElse(names.get(0));
    if (!names.contains(name)) {
      throw new PermanentClusterException("pod " + pod.getMetadata().getName()
          + " has no container '" + name + "' (<target><container>); its containers: "
          + String.join(", ", names) + ClosestName.to(name, names)
              .map(c -> "; did you mean '" + c + "'?").orElse(""));
    }
    return name;
  }

  private static Optional<V1ContainerStatus> statusOf(V1Pod pod, String container) {
    List<V1ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    return statuses == null ? Optional.empty()
        : statuses.stream().filter(s -> container.equals(s.getName())).findFirst();
  }

  @Override
  public void close() {
    PodWatch watch = podWatch;
    if (watch != null) {
      watch.close();
    }
    OkHttpClient http = client.getHttpClient();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
