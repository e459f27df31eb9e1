package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * REST semantics of the served kinds: list, get, create, replace, patch, delete, and the
 * deployments/scale subresource. Kind-specific admission lives in {@link Admission}.
 */
final class ResourceApi {
  private final ObjectStore store;
  private final PodRuntime runtime;

  ResourceApi(ObjectStore store, PodRuntime runtime) {
    this.store = store;
    this.runtime = runtime;
  }

  /** Filter of a list or watch from its labelSelector and fieldSelector parameters. */
  static Predicate<JsonNode> filter(ApiRequest request, ResourceKind kind) {
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"), kind);
    return object -> labels.test(Json.stringMap(object.path("metadata").path("labels"))) && fields.test(object);
  }

  ObjectNode list(ApiRequest request) {
    ApiPath path = request.apiPath;
    if (path.namespace() != null && path.kind().namespaced()) {
      requireNamespace(path.namespace());
    }
    ObjectStore.Listing listing = store.listAt(path.kind(), path.namespace(), filter(request, path.kind()));
    return listObject(path.kind(), listing.items(), listing.resourceVersion());
  }

  private ObjectNode listObject(ResourceKind kind, List<ObjectNode> items, long resourceVersion) {
    ObjectNode list = Json.object();
    list.put("kind", kind.kind() + "List");
    list.put("apiVersion", kind.apiVersion());
    list.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    ArrayNode array = list.putArray("items");
    for (ObjectNode item : items) {
      item.remove("kind");
      item.remove("apiVersion");
      array.add(item);
    }
    return list;
  }

  ObjectNode get(ApiPath path) {
    if (path.kind().namespaced()) {
      requireNamespace(path.namespace());
    }
    return store.get(path.kind(), path.namespace(), path.name());
  }

  ObjectNode create(ApiPath path, JsonNode body) {
    ObjectNode object = Admission.objectFor(path.kind(), body, path.namespace());
    if (path.kind().namespaced()) {
      requireNamespace(path.namespace());
    }
    Admission.admitCreate(path.kind(), object);
    ObjectNode created = store.create(path.kind(), object);
    if (path.kind() == ResourceKind.PODS) {
      runtime.start(created);
    }
    return created;
  }

  ObjectNode replace(ApiPath path, JsonNode body) {
    ObjectNode replacement = Admission.objectFor(path.kind(), body, path.namespace());
    String bodyName = Json.text(replacement, "metadata", "name");
    if (bodyName != null && !bodyName.equals(path.name())) {
      throw KubeApiException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + path.name() + ")");
    }
    return update(path, replacement, Json.text(replacement, "metadata", "resourceVersion"));
  }

  ObjectNode patch(ApiPath path, String contentType, JsonNode body) {
    ObjectNode current = get(path);
    JsonNode patched = Patches.apply(contentType, current, body);
    if (!patched.isObject()) {
      throw KubeApiException.badRequest("the patched object is not a JSON object");
    }
    return update(path, (ObjectNode) patched, null);
  }

  private ObjectNode update(ApiPath path, ObjectNode replacement, String expectedVersion) {
    ObjectNode current = get(path);
    if (expectedVersion != null && !expectedVersion.isEmpty()
        && !expectedVersion.equals(Json.text(current, "metadata", "resourceVersion"))) {
      throw KubeApiException.conflict(path.kind(), path.name());
    }
    Admission.admitUpdate(path.kind(), current, replacement);
    return store.update(path.kind(), path.namespace(), path.name(), stored -> {
      stored.set("metadata", replacement.get("metadata"));
      if (replacement.has("spec")) {
        stored.set("spec", replacement.get("spec"));
      }
    });
  }

  /** DELETE: pods terminate gracefully (the pod comes back), others go at once (a Status). */
  JsonNode delete(ApiPath path) {
    ResourceKind kind = path.kind();
    ObjectNode current = get(path);
    switch (kind) {
      case PODS:
        return runtime.delete(path.namespace(), path.name());
      case NAMESPACES:
        return deleteNamespace(path.name());
      default:
        store.delete(kind, path.namespace(), path.name());
        ObjectNode status = Json.object();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        ObjectNode details = status.putObject("details");
        details.put("name", path.name());
        details.put("group", kind.group());
        details.put("kind", kind.plural());
        details.put("uid", Json.text(current, "metadata", "uid"));
        return status;
    }
  }

  private ObjectNode deleteNamespace(String name) {
    if (name.equals("default") || name.startsWith("kube-")) {
      throw KubeApiException.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    }
    ObjectNode terminating = store.update(ResourceKind.NAMESPACES, null, name, ns -> {
      Json.obj(ns, "metadata").put("deletionTimestamp", Json.now());
      Json.obj(ns, "status").put("phase", "Terminating");
    });
    for (ObjectNode deployment : store.list(ResourceKind.DEPLOYMENTS, name, o -> true)) {
      store.delete(ResourceKind.DEPLOYMENTS, name, Json.text(deployment, "metadata", "name"));
    }
    for (ObjectNode pod : store.list(ResourceKind.PODS, name, o -> true)) {
      runtime.delete(name, Json.text(pod, "metadata", "name"));
    }
    store.delete(ResourceKind.NAMESPACES, null, name);
    return terminating;
  }

  /** GET deployments/{name}/scale: an autoscaling/v1 Scale. */
  ObjectNode scale(ApiPath path) {
    ObjectNode deployment = get(path);
    ObjectNode scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      metadata.set(field, deployment.path("metadata").get(field));
    }
    scale.putObject("spec").put("replicas", deployment.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", deployment.path("status").path("replicas").asInt(0));
    List<String> selector = new java.util.ArrayList<>();
    deployment.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    status.put("selector", String.join(",", selector));
    return scale;
  }

  /** PUT or PATCH of deployments/{name}/scale: only spec.replicas counts. */
  ObjectNode updateScale(ApiPath path, String contentType, JsonNode body, boolean isPatch) {
    JsonNode scale = isPatch ? Patches.apply(contentType, scale(path), body) : body;
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      throw KubeApiException.invalid(ResourceKind.DEPLOYMENTS, path.name(), "spec.replicas",
          "Invalid value: " + replicas + ": must be greater than or equal to 0");
    }
    ObjectNode patch = Json.object();
    patch.putObject("spec").put("replicas", replicas.asInt());
    patch(path, "application/merge-patch+json", patch);
    return scale(path);
  }

  private void requireNamespace(String namespace) {
    if (store.find(ResourceKind.NAMESPACES, null, namespace).isEmpty()) {
      throw KubeApiException.notFound(ResourceKind.NAMESPACES, namespace);
    }
  }
}
