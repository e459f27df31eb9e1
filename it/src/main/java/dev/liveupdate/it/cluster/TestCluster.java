package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The test cluster of the integration tests: a real local registry, the Kubernetes API double
 * whose pods are podman containers (each pod with its own IP, see {@link PodInfo#address}), a
 * busybox base image and JRE base images in the registry, and a kubeconfig.
 * A missing prerequisite fails {@link #start} with the command that installs it; nothing is skipped.
 */
public final class TestCluster implements AutoCloseable {
  /** Installs every prerequisite on Debian. */
  public static final String INSTALL_COMMAND = "apt-get install -y podman runc docker-registry busybox-static";

  private final LocalRegistry registry;
  private final KubeApiDouble api;
  private final ImageBuilder images;
  private final DoubleClient client;
  private final Path kubeconfig;
  private final String baseImage;
  private final JreImages jreImages;
  private JreImages.Pushed jre;

  private TestCluster(LocalRegistry registry, KubeApiDouble api, Path workDir) {
    this.registry = registry;
    this.api = api;
    this.images = new ImageBuilder(registry, workDir.resolve("images"));
    this.client = new DoubleClient(api.url(), api.certificatePem(), api.token());
    this.kubeconfig = workDir.resolve("kubeconfig");
    api.writeKubeconfig(kubeconfig);
    this.baseImage = images.buildBase();
    String cache = System.getProperty("liveupdate.imageCache");
    this.jreImages = JreImages.ofRunningJdk(cache == null || cache.isBlank() ? workDir.resolve("image-cache")
        : Path.of(cache));
  }

  /** Starts registry, double and base image under {@code workDir} (created if needed). */
  public static TestCluster start(Path workDir) {
    Prerequisites.check();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + workDir, e);
    }
    LocalRegistry registry = LocalRegistry.start(workDir.resolve("registry"), Duration.ofSeconds(30));
    KubeApiDouble api = null;
    try {
      api = KubeApiDouble.start();
      return new TestCluster(registry, api, workDir);
    } catch (RuntimeException e) {
      if (api != null) {
        api.close();
      }
      registry.close();
      throw e;
    }
  }

  /** A kubeconfig with the double's server and token, context {@code liveupdate-test}, namespace default. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The registry's {@code 127.0.0.1:PORT}. */
  public String registry() {
    return registry.address();
  }

  /**
   * Stops the registry (a fault for tests): pushes and pulls get connection refused; images
   * already pulled by running containers stay. {@link #startRegistry} brings it back.
   */
  public void stopRegistry() {
    registry.stop();
  }

  /** Starts the registry again after {@link #stopRegistry}, on the same port with the same storage. */
  public void startRegistry() {
    registry.restart(Duration.ofSeconds(30));
  }

  /** The busybox base image: {@code 127.0.0.1:PORT/liveupdate/busybox:latest}. */
  public String baseImage() {
    return baseImage;
  }

  /**
   * The JRE base image with busybox ({@code sh}, {@code tar}...):
   * {@code 127.0.0.1:PORT/liveupdate/jre:17} for a JDK 17, made from the JDK running the tests
   * (see {@link JreImages}). Pushed on first use; its layers are cached under the directory named
   * by the system property {@code liveupdate.imageCache} (else this cluster's work dir), so only
   * the first cluster of a build runs jlink.
   */
  public synchronized String jreImage() {
    if (jre == null) {
      jre = jreImages.push(registry.address());
    }
    return jre.jre();
  }

  /** As {@link #jreImage()} without busybox: no shell, no tar ({@code liveupdate/jre-distroless:17}). */
  public synchronized String distrolessJreImage() {
    jreImage();
    return jre.distroless();
  }

  /** The API double itself, for fault switches and request assertions. */
  public KubeApiDouble api() {
    return api;
  }

  /** See {@link ImageBuilder#buildImage}. */
  public String buildImage(String repository, String tag, Map<Path, String> localDirToContainerDir, List<String> cmd) {
    return images.buildImage(repository, tag, localDirToContainerDir, cmd);
  }

  /** Creates an apps/v1 Deployment through the double's REST API (selector = labels). */
  public void createDeployment(String namespace, String name, int replicas, Map<String, String> labels,
      String containerName, String image, List<String> command) {
    ObjectNode deployment = Json.object();
    deployment.put("apiVersion", "apps/v1");
    deployment.put("kind", "Deployment");
    deployment.putObject("metadata").put("name", name).put("namespace", namespace);
    ObjectNode spec = deployment.putObject("spec");
    spec.put("replicas", replicas);
    ObjectNode matchLabels = spec.putObject("selector").putObject("matchLabels");
    ObjectNode template = spec.putObject("template");
    ObjectNode templateLabels = template.putObject("metadata").putObject("labels");
    labels.forEach((k, v) -> {
      matchLabels.put(k, v);
      templateLabels.put(k, v);
    });
    ObjectNode container = template.putObject("spec").putArray("containers").addObject();
    container.put("name", containerName);
    container.put("image", image);
    if (command != null && !command.isEmpty()) {
      ArrayNode commandArray = container.putArray("command");
      command.forEach(commandArray::add);
    }
    client.post("/apis/apps/v1/namespaces/" + namespace + "/deployments", deployment);
  }

  /**
   * Sets a Deployment's {@code spec.replicas} (a merge patch, as {@code kubectl scale} does); the
   * double then starts or removes pods. Wait with {@link #waitForRunningPods}.
   */
  public void scaleDeployment(String namespace, String name, int replicas) {
    ObjectNode patch = Json.object();
    patch.putObject("spec").put("replicas", replicas);
    client.patch("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name,
        "application/merge-patch+json", patch);
  }

  /** Deletes a Deployment (its pods and containers go with it). */
  public void deleteDeployment(String namespace, String name) {
    client.delete("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
  }

  /**
   * Waits until exactly {@code count} pods are running and ready. {@code selectorOrDeployment} is
   * a label selector ({@code app=web}) or a Deployment name, whose pods must then all come from
   * its current template (a finished rollout).
   */
  public List<PodInfo> waitForRunningPods(String namespace, String selectorOrDeployment, int count, Duration timeout) {
    return awaitPods(namespace, selectorOrDeployment, pods -> pods.size() == count && pods.stream()
        .allMatch(p -> p.ready() && p.phase().equals("Running") && !p.containerIds().isEmpty()),
        count + " running and ready pods", timeout);
  }

  /**
   * Waits until the pods of {@code selectorOrDeployment} (as in {@link #waitForRunningPods}; pods
   * being deleted left out) meet {@code condition}, and returns them; fails naming {@code what}
   * and the pods seen last.
   */
  public List<PodInfo> awaitPods(String namespace, String selectorOrDeployment, Predicate<List<PodInfo>> condition,
      String what, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<PodInfo> pods = List.of();
    while (System.nanoTime() < deadline) {
      pods = pods(namespace, selectorFor(namespace, selectorOrDeployment));
      if (condition.test(pods)) {
        return pods;
      }
      try {
        Thread.sleep(50); // polling interval of the condition, not a wait for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for pods", e);
      }
    }
    throw new IllegalStateException("expected " + what + " for '" + selectorOrDeployment + "' in " + namespace
        + " within " + timeout + ", have " + pods);
  }

  private String selectorFor(String namespace, String selectorOrDeployment) {
    if (selectorOrDeployment.matches(".*[=!(].*|.* in .*")) {
      return selectorOrDeployment;
    }
    JsonNode deployment = client.get("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + selectorOrDeployment);
    List<String> parts = new ArrayList<>();
    deployment.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    parts.add("pod-template-hash=" + PodTemplates.templateHash(deployment.path("spec").path("template")));
    return String.join(",", parts);
  }

  /** Pods matching a label selector (all pods for null or ""), with their podman container ids. */
  public List<PodInfo> pods(String namespace, String labelSelector) {
    String query = labelSelector == null || labelSelector.isEmpty() ? ""
        : "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
    JsonNode list = client.get("/api/v1/namespaces/" + namespace + "/pods" + query);
    List<PodInfo> pods = new ArrayList<>();
    for (JsonNode pod : list.path("items")) {
      if (!pod.path("metadata").has("deletionTimestamp")) {
        pods.add(PodInfo.of(namespace, pod));
      }
    }
    return pods;
  }

  /** Runs {@code podman exec <id> argv...} directly (not through the API) and returns stdout; fails on non-zero exit. */
  public String podmanExec(String containerId, String... argv) {
    List<String> args = new ArrayList<>(List.of("exec", containerId));
    args.addAll(List.of(argv));
    return Podman.run(args);
  }

  /**
   * The container's root directory as the host sees it, {@code /proc/<pid>/root} of its main
   * process: reading a file there shows what the container holds without an exec (benchmarks
   * probe with it). Valid while that process runs; a restarted container has a new one.
   */
  public Path containerRoot(String containerId) {
    String pid = Podman.run("inspect", "--format", "{{.State.Pid}}", containerId).strip();
    if (!pid.matches("[1-9][0-9]*")) {
      throw new IllegalStateException("container " + containerId + " has no running process (pid '"
          + pid + "')");
    }
    return Path.of("/proc", pid, "root");
  }

  /** Kills a container with SIGKILL, as a crash would; the double reports it and restarts it. */
  public void killContainer(String containerId) {
    Podman.run("kill", containerId);
  }

  /** The manifest digest ({@code sha256:...}) of an image in the registry, for by-digest references. */
  public String digestOf(String reference) {
    return registry.digestOf(reference);
  }

  public List<RecordedRequest> requests() {
    return api.requests();
  }

  /** Exec WebSockets open right now. */
  public int openExecSessions() {
    return api.openExecSessions();
  }

  /** See {@link KubeApiDouble#awaitNoOpenExecSessions}. */
  public boolean awaitNoOpenExecSessions(Duration timeout) throws InterruptedException {
    return api.awaitNoOpenExecSessions(timeout);
  }

  long registryPid() {
    return registry.pid();
  }

  /** Stops the double (its containers are removed), the registry, and removes the registry's images. */
  @Override
  public void close() {
    try {
      api.close();
    } finally {
      try {
        registry.close();
      } finally {
        Podman.removeImagesOf(registry.address());
      }
    }
  }
}
