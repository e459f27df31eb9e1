package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * REST semantics of the served kinds: list, get, create, replace, patch (JSON, merge, strategic
 * merge) and server-side apply, each write recorded in managedFields ({@link ManagedFields}) and
 * able to run as a dry run. Kind-specific admission lives in {@link Admission}, deletion in
 * {@link Deletions}. An update runs under the store's lock from the stored version, so two writers
 * never lose each other's change.
 */
final class ResourceApi {
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private final ObjectStore store;
  private final PodRuntime runtime;
  private final ServiceAddresses addresses;
  private final Deletions deletions;
  private final NamespaceDefaults defaults;

  ResourceApi(ObjectStore store, PodRuntime runtime, ServiceAddresses addresses, Deletions deletions,
      NamespaceDefaults defaults) {
    this.store = store;
    this.runtime = runtime;
    this.addresses = addresses;
    this.deletions = deletions;
    this.defaults = defaults;
  }

  /** Filter of a list or watch from its labelSelector and fieldSelector parameters. */
  static Predicate<JsonNode> filter(ApiRequest request, ResourceKind kind) {
    LabelSelector labels = LabelSelector.parse(request.param("labelSelector"));
    FieldSelector fields = FieldSelector.parse(request.param("fieldSelector"), kind);
    return object -> labels.test(Json.stringMap(object.path("metadata").path("labels"))) && fields.test(object);
  }

  /** A list; in a namespace that does not exist it is empty, as on the API server. */
  ObjectNode list(ApiRequest request) {
    ApiPath path = request.apiPath;
    ObjectStore.Listing listing = store.listAt(path.kind(), path.namespace(), filter(request, path.kind()));
    ObjectNode list = Json.object();
    list.put("kind", path.kind().kind() + "List");
    list.put("apiVersion", path.kind().apiVersion());
    list.putObject("metadata").put("resourceVersion", Long.toString(listing.resourceVersion()));
    ArrayNode array = list.putArray("items");
    for (ObjectNode item : listing.items()) {
      item.remove(List.of("kind", "apiVersion"));
      array.add(item);
    }
    return list;
  }

  ObjectNode get(ApiPath path) {
    return store.get(path.kind(), path.namespace(), path.name());
  }

  ApiAnswer create(ApiPath path, JsonNode body, WriteOptions options) {
    ObjectNode object = Admission.objectFor(path.kind(), body, path.namespace());
    return new ApiAnswer(201, createObject(path.kind(), object, options, false));
  }

  private ObjectNode createObject(ResourceKind kind, ObjectNode object, WriteOptions options, boolean applied) {
    if (kind.namespaced()) {
      requireNamespace(kind, Json.text(object, "metadata", "namespace"), Json.text(object, "metadata", "name"));
    }
    Admission.admitCreate(kind, object);
    if (!applied) {
      ManagedFields.recordUpdate(kind, null, object, options.manager(), "");
    }
    if (kind == ResourceKind.SERVICES) {
      addresses.allocate(object);
    }
    if (options.dryRun()) {
      if (kind == ResourceKind.SERVICES) {
        addresses.release(object);
      }
      Json.obj(object, "metadata").put("uid", java.util.UUID.randomUUID().toString())
          .put("creationTimestamp", Json.now());
      object.put("kind", kind.kind()).put("apiVersion", kind.apiVersion());
      return object;
    }
    ObjectNode created;
    try {
      created = store.create(kind, object);
    } catch (KubeApiException e) {
      if (kind == ResourceKind.SERVICES) {
        addresses.release(object);
      }
      throw e;
    }
    if (kind == ResourceKind.PODS) {
      runtime.start(created);
    } else if (kind == ResourceKind.NAMESPACES) {
      defaults.populate(Json.text(created, "metadata", "name"));
    }
    return created;
  }

  /** PUT: the whole object, optimistic on {@code metadata.resourceVersion} when given. */
  ObjectNode replace(ApiPath path, JsonNode body, WriteOptions options) {
    ObjectNode replacement = Admission.objectFor(path.kind(), body, path.namespace());
    String bodyName = Json.text(replacement, "metadata", "name");
    if (bodyName != null && !bodyName.equals(path.name())) {
      throw KubeApiException.badRequest("the name of the object (" + bodyName
          + ") does not match the name on the URL (" + path.name() + ")");
    }
    String expected = Json.text(replacement, "metadata", "resourceVersion");
    return update(path, options, "", current -> {
      if (expected != null && !expected.isEmpty() && !expected.equals(Json.text(current, "metadata", "resourceVersion"))) {
        throw KubeApiException.conflict(path.kind(), path.name());
      }
      return replacement.deepCopy();
    }, true);
  }

  /** PATCH: a JSON, merge or strategic merge patch, or a server-side apply. */
  ApiAnswer patch(ApiPath path, String contentType, ApiRequest request) {
    boolean apply = contentType != null && contentType.split(";")[0].trim().equals(APPLY_PATCH);
    WriteOptions options = WriteOptions.of(request, apply);
    if (apply) {
      return apply(path, Yaml.parse(request.bytes()), options);
    }
    JsonNode body = request.body();
    return new ApiAnswer(200, update(path, options, "", current -> {
      JsonNode patched = Patches.apply(contentType, current, body);
      if (!patched.isObject()) {
        throw KubeApiException.badRequest("the patched object is not a JSON object");
      }
      return (ObjectNode) patched;
    }, true));
  }

  /** A merge patch of {@code spec.replicas} through the scale subresource, recorded as such. */
  ObjectNode patchReplicas(ApiPath path, int replicas, WriteOptions options) {
    return update(path, options, "scale", current -> {
      Json.obj(current, "spec").put("replicas", replicas);
      return current;
    }, true);
  }

  private ApiAnswer apply(ApiPath path, JsonNode config, WriteOptions options) {
    ResourceKind kind = path.kind();
    ObjectNode object = applyConfig(kind, path, config);
    String expected = Json.text(object, "metadata", "resourceVersion");
    Optional<ObjectNode> current = store.find(kind, path.namespace(), path.name());
    if (current.isEmpty()) {
      if (expected != null && !expected.isEmpty()) {
        throw KubeApiException.notFound(kind, path.name());
      }
      ObjectNode created = ManagedFields.apply(kind, null, object, options.manager(), options.force());
      try {
        return new ApiAnswer(201, createObject(kind, created, options, true));
      } catch (KubeApiException e) {
        if (!"AlreadyExists".equals(e.status().path("reason").asText())) {
          throw e;
        }
        // created meanwhile: apply onto it, as the API server retries
      }
    }
    return new ApiAnswer(200, update(path, options, "", live -> {
      if (expected != null && !expected.isEmpty() && !expected.equals(Json.text(live, "metadata", "resourceVersion"))) {
        throw KubeApiException.conflict(kind, path.name());
      }
      return ManagedFields.apply(kind, live, object, options.manager(), options.force());
    }, false));
  }

  /** The applied configuration as the API server accepts it: of the URL's kind, name and namespace. */
  private static ObjectNode applyConfig(ResourceKind kind, ApiPath path, JsonNode config) {
    if (!config.isObject()) {
      throw KubeApiException.badRequest("error decoding YAML: the applied configuration is not an object");
    }
    String apiVersion = config.path("apiVersion").asText("");
    String bodyKind = config.path("kind").asText("");
    if (!apiVersion.equals(kind.apiVersion()) || !bodyKind.equals(kind.kind())) {
      throw KubeApiException.badRequest("invalid object type: " + apiVersion + ", Kind=" + bodyKind);
    }
    if (config.path("metadata").has("managedFields")) {
      throw KubeApiException.badRequest("metadata.managedFields must be nil");
    }
    if (!config.path("metadata").isObject() || !path.name().equals(config.path("metadata").path("name").asText())) {
      throw KubeApiException.badRequest("the name of the object (" + config.path("metadata").path("name").asText("")
          + ") does not match the name on the URL (" + path.name() + ")");
    }
    return Admission.objectFor(kind, config, path.namespace());
  }

  /**
   * The shared update: under the store's lock, {@code change} turns the stored object into the
   * candidate, which is admitted, keeps the status if the kind has a status subresource, and is
   * recorded for its manager; a candidate equal to the stored object changes nothing.
   */
  private ObjectNode update(ApiPath path, WriteOptions options, String subresource, UnaryOperator<ObjectNode> change,
      boolean recordManager) {
    ResourceKind kind = path.kind();
    AtomicReference<ObjectNode> result = new AtomicReference<>();
    ObjectNode stored = store.update(kind, path.namespace(), path.name(), object -> {
      ObjectNode current = object.deepCopy();
      ObjectNode candidate = change.apply(current.deepCopy());
      Admission.admitUpdate(kind, current, candidate);
      if (kind.hasStatus()) {
        candidate.remove("status");
        if (current.has("status")) {
          candidate.set("status", current.get("status"));
        }
      }
      if (!candidate.path("metadata").has("managedFields") && current.path("metadata").has("managedFields")) {
        Json.obj(candidate, "metadata").set("managedFields", current.path("metadata").get("managedFields"));
      }
      if (recordManager) {
        ManagedFields.recordUpdate(kind, current, candidate, options.manager(), subresource);
      }
      candidate.put("kind", kind.kind()).put("apiVersion", kind.apiVersion());
      if (ManagedFields.withoutTimes(candidate).equals(ManagedFields.withoutTimes(current))) {
        candidate = current;
      } else if (kind == ResourceKind.SERVICES && !options.dryRun()) {
        addresses.reallocate(current, candidate);
      }
      result.set(candidate);
      if (!options.dryRun()) {
        object.removeAll();
        object.setAll(candidate);
      }
    });
    if (options.dryRun()) {
      return result.get();
    }
    deletions.finishIfFinalized(kind, stored);
    return stored;
  }

  /** Creating in a namespace that does not exist is a 404 for the namespace; in a Terminating one a 403. */
  private void requireNamespace(ResourceKind kind, String namespace, String name) {
    ObjectNode ns = store.find(ResourceKind.NAMESPACES, null, namespace)
        .orElseThrow(() -> KubeApiException.notFound(ResourceKind.NAMESPACES, namespace));
    if (ns.path("metadata").has("deletionTimestamp")) {
      throw KubeApiException.forbidden(kind.qualifiedPlural() + " \"" + name + "\" is forbidden: unable to create new"
          + " content in namespace " + namespace + " because it is being terminated");
    }
  }
}
