package dev.liveupdate.kube;

import com.google.gson.JsonObject;
import dev.liveupdate.manifest.ManifestCluster;
import dev.liveupdate.manifest.ManifestObject;
import io.kubernetes.client.Discovery;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.models.V1APIResource;
import io.kubernetes.client.openapi.models.V1APIResourceList;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.util.PatchUtils;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.Call;

/**
 * Applies and deletes manifest objects through the official client, as kubectl does: the kind's
 * resource and scope come from the server's discovery documents; apply is a server-side apply
 * ({@link V1Patch#PATCH_FORMAT_APPLY_YAML}, field manager {@value #FIELD_MANAGER}, forced, since a
 * rebuild's rollout and the user's own edits own fields the manifests also set); delete uses
 * background propagation and waits until the object is gone.
 */
public final class KubeManifests implements ManifestCluster {

  /** The field manager of every apply. */
  public static final String FIELD_MANAGER = "liveupdate";

  private static final Duration POLL = Duration.ofMillis(300);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  private static final String[] AUTH = {"BearerToken"};

  private final ApiClient client;
  private final ClusterAddress address;
  private final Map<String, V1APIResourceList> discovered = new HashMap<>();

  public KubeManifests(ApiClient client, ClusterAddress address) {
    this.client = client;
    this.address = address;
  }

  /** A kind as the server serves it. */
  private record Resource(String plural, boolean namespaced) {}

  @Override
  public Applied apply(ManifestObject object, String namespace) throws ClusterException {
    Resource resource = resource(object);
    String ns = resource.namespaced() ? object.namespace().orElse(namespace) : null;
    Map<String, Object> body = new LinkedHashMap<>(object.body());
    if (ns != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> metadata = new LinkedHashMap<>((Map<String, Object>) body.get("metadata"));
      metadata.put("namespace", ns);
      body.put("metadata", metadata);
    }
    String path = path(object, resource, ns, true);
    Optional<JsonObject> before = get(object, resource, ns, path);
    ApiErrors.Call call = new ApiErrors.Call("patch", resource.plural(), object.name(), ns);
    JsonObject after;
    try {
      V1Patch patch = new V1Patch(client.getJSON().getGson().toJson(body));
      List<Pair> query = List.of(new Pair("fieldManager", FIELD_MANAGER),
          new Pair("force", "true"));
      after = PatchUtils.patch(JsonObject.class, () -> build(path, "PATCH", query, patch),
          V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    } catch (ApiException e) {
      throw ApiErrors.of(address, call, e);
    }
    if (before.isEmpty()) {
      return Applied.CREATED;
    }
    return resourceVersion(before.get()).equals(resourceVersion(after)) ? Applied.UNCHANGED
        : Applied.CONFIGURED;
  }

  @Override
  public boolean delete(ManifestObject object, String namespace, Duration timeout)
      throws ClusterException, InterruptedException {
    Resource resource = resource(object);
    String ns = resource.namespaced() ? object.namespace().orElse(namespace) : null;
    String path = path(object, resource, ns, true);
    JsonObject options = new JsonObject();
    options.addProperty("kind", "DeleteOptions");
    options.addProperty("apiVersion", "v1");
    options.addProperty("propagationPolicy", "Background");
    try {
      client.execute(build(path, "DELETE", List.of(), options), JsonObject.class);
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw ApiErrors.of(address, new ApiErrors.Call("delete", resource.plural(), object.name(),
          ns), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (get(object, resource, ns, path).isPresent()) {
      if (System.nanoTime() > deadline) {
        throw new ClusterException(object.ref() + " was deleted but is still there after "
            + timeout.toSeconds() + " s (a finalizer may hold it)");
      }
      Thread.sleep(POLL.toMillis());
    }
    return true;
  }

  @Override
  public boolean rollsOut(String kind) {
    return kind.equals("Deployment");
  }

  @Override
  public void awaitRollout(ManifestObject object, String namespace, Duration timeout,
      Consumer<String> progress) throws ClusterException, InterruptedException {
    if (!rollsOut(object.kind())) {
      return;
    }
    String ns = object.namespace().orElse(namespace);
    Rollout rollout = new Rollout(client, ns, object.name(), address);
    AppsV1Api apps = new AppsV1Api(client);
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long generation = Optional.ofNullable(rollout.read(apps).getMetadata().getGeneration())
        .orElse(1L);
    String last = "";
    long lastShown = 0;
    while (true) {
      V1Deployment deployment = rollout.read(apps);
      String waiting = rollout.waitingFor(deployment, generation);
      if (waiting.isEmpty()) {
        progress.accept(object.ref() + " is ready (" + millisSince(start) + " ms)");
        return;
      }
      long now = System.nanoTime();
      if (!waiting.equals(last) || now - lastShown >= PROGRESS_EVERY.toNanos()) {
        progress.accept(waiting + " (" + (now - start) / 1_000_000_000 + " s)");
        last = waiting;
        lastShown = now;
      }
      Optional<String> stuck = rollout.stuckPod(deployment, null);
      if (stuck.isPresent()) {
        throw new ClusterException("rollout of " + object.ref() + " failed: " + stuck.get());
      }
      if (now > deadline) {
        throw new ClusterException("rollout of " + object.ref() + " did not finish within "
            + timeout.toSeconds() + " s (liveupdate.rolloutTimeout): " + last);
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private Optional<JsonObject> get(ManifestObject object, Resource resource, String ns,
      String path) throws ClusterException {
    try {
      return Optional.of(client.<JsonObject>execute(build(path, "GET", List.of(), null),
          JsonObject.class).getData());
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw ApiErrors.of(address, new ApiErrors.Call("get", resource.plural(), object.name(), ns),
          e);
    }
  }

  private Call build(String path, String method, List<Pair> query, Object body)
      throws ApiException {
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", "application/json");
    headers.put("Content-Type", body instanceof V1Patch ? V1Patch.PATCH_FORMAT_JSON_PATCH
        : "application/json");
    return client.buildCall(client.getBasePath(), path, method, query, List.of(), body, headers,
        new HashMap<>(), new HashMap<>(), AUTH, null);
  }

  private static String resourceVersion(JsonObject object) {
    JsonObject metadata = object.getAsJsonObject("metadata");
    return metadata == null || !metadata.has("resourceVersion") ? ""
        : metadata.get("resourceVersion").getAsString();
  }

  private static String path(ManifestObject object, Resource resource, String ns, boolean named) {
    String base = object.group().isEmpty() ? "/api/" + object.version()
        : "/apis/" + object.group() + "/" + object.version();
    return base + (ns == null ? "" : "/namespaces/" + ns) + "/" + resource.plural()
        + (named ? "/" + object.name() : "");
  }

  /** The resource of the object's kind, from the server's discovery document of its version. */
  private Resource resource(ManifestObject object) throws ClusterException {
    String groupVersion = object.apiVersion();
    String path = object.group().isEmpty() ? "/api/" + object.version() : "/apis/" + groupVersion;
    V1APIResourceList list = discovered.get(path);
    if (list == null) {
      try {
        list = new Discovery(client).resourceDiscovery(path);
      } catch (ApiException e) {
        if (e.getCode() == 404) {
          throw new PermanentClusterException("the cluster does not serve " + groupVersion
              + " (apiVersion of " + object.ref() + "): check the apiVersion, or install what "
              + "defines it");
        }
        throw ApiErrors.of(address, new ApiErrors.Call("get", path, null, null), e);
      }
      discovered.put(path, list);
    }
    for (V1APIResource resource : list.getResources()) {
      if (object.kind().equals(resource.getKind()) && !resource.getName().contains("/")) {
        return new Resource(resource.getName(), Boolean.TRUE.equals(resource.getNamespaced()));
      }
    }
    throw new PermanentClusterException("the cluster serves no kind " + object.kind() + " in "
        + groupVersion + " (" + object.ref() + "): check kind and apiVersion");
  }

  @Override
  public void close() {
    client.getHttpClient().dispatcher().executorService().shutdown();
    client.getHttpClient().connectionPool().evictAll();
  }
}
