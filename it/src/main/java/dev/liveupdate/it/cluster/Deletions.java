package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * DELETE as the API server and its garbage collector do it. {@code propagationPolicy}
 * (query or DeleteOptions body): {@code Background} (the default) removes the object now and the
 * {@link GarbageCollector} then deletes its dependents (a Deployment's ReplicaSets, their pods);
 * {@code Foreground} marks it ({@code deletionTimestamp}, finalizer {@code foregroundDeletion}) and
 * it goes once its dependents are gone; {@code Orphan} removes it and leaves its dependents,
 * without their owner reference. An object with finalizers stays, marked, until an update removes
 * them. Pods terminate gracefully ({@link PodRuntime#delete}); a namespace is Terminating until
 * its pods are gone. {@code preconditions} and {@code dryRun=All} are honoured.
 */
final class Deletions {
  static final String FOREGROUND = "foregroundDeletion";

  private final ObjectStore store;
  private final PodRuntime runtime;
  private final ServiceAddresses addresses;

  Deletions(ObjectStore store, PodRuntime runtime, ServiceAddresses addresses) {
    this.store = store;
    this.runtime = runtime;
    this.addresses = addresses;
  }

  /** DELETE of one object; answers the object or a Status, as the API server would. */
  ApiAnswer delete(ApiPath path, ApiRequest request) {
    ResourceKind kind = path.kind();
    ObjectNode current = store.get(kind, path.namespace(), path.name());
    JsonNode options = request.hasBody() ? request.body() : Json.object();
    checkPreconditions(kind, path.name(), current, options.path("preconditions"));
    String policy = request.param("propagationPolicy") != null ? request.param("propagationPolicy")
        : options.path("propagationPolicy").asText(options.path("orphanDependents").asBoolean(false) ? "Orphan"
            : "Background");
    if (!List.of("Background", "Foreground", "Orphan").contains(policy)) {
      throw KubeApiException.badRequest("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \""
          + policy + "\": supported values: \"Foreground\", \"Background\", \"Orphan\"");
    }
    boolean dryRun = "All".equals(request.param("dryRun")) || options.path("dryRun").toString().contains("All");
    if (dryRun) {
      return new ApiAnswer(200, kind.deleteReturnsObject() ? current : success(kind, path.name(), current));
    }
    if (kind == ResourceKind.NAMESPACES) {
      return new ApiAnswer(200, deleteNamespace(path.name()));
    }
    if (kind == ResourceKind.PODS) {
      return new ApiAnswer(200, runtime.delete(path.namespace(), path.name()));
    }
    if (current.path("metadata").has("deletionTimestamp")) {
      return new ApiAnswer(200, current);
    }
    if (policy.equals("Orphan")) {
      orphanDependents(path.namespace(), Json.text(current, "metadata", "uid"));
    }
    boolean hasFinalizers = !current.path("metadata").path("finalizers").isEmpty();
    if (policy.equals("Foreground") || hasFinalizers) {
      return new ApiAnswer(200, markDeleting(kind, path.namespace(), path.name(), policy.equals("Foreground")));
    }
    deleteNow(kind, path.namespace(), path.name());
    return new ApiAnswer(200, kind.deleteReturnsObject() ? current : success(kind, path.name(), current));
  }

  /** DELETE of a collection (deletecollection): each listed object as a Background delete; answers the list. */
  ApiAnswer deleteCollection(ApiRequest request, ObjectNode listed) {
    ApiPath path = request.apiPath;
    if ("All".equals(request.param("dryRun"))) {
      return new ApiAnswer(200, listed);
    }
    for (JsonNode item : listed.path("items")) {
      String namespace = item.path("metadata").path("namespace").asText(null);
      String name = item.path("metadata").path("name").asText();
      try {
        if (path.kind() == ResourceKind.NAMESPACES) {
          deleteNamespace(name);
        } else if (item.path("metadata").path("finalizers").isEmpty()) {
          deleteNow(path.kind(), namespace, name);
        } else {
          markDeleting(path.kind(), namespace, name, false);
        }
      } catch (KubeApiException gone) {
        // deleted meanwhile
      }
    }
    return new ApiAnswer(200, listed);
  }

  /** Removes an object from the store now (its dependents follow through the garbage collector). */
  void deleteNow(ResourceKind kind, String namespace, String name) {
    if (kind == ResourceKind.PODS) {
      runtime.delete(namespace, name);
      return;
    }
    ObjectNode removed = store.delete(kind, namespace, name);
    if (kind == ResourceKind.SERVICES) {
      addresses.release(removed);
    }
  }

  /** Sets deletionTimestamp (and the foreground finalizer if asked); returns the marked object. */
  ObjectNode markDeleting(ResourceKind kind, String namespace, String name, boolean foreground) {
    return store.update(kind, namespace, name, object -> {
      ObjectNode metadata = Json.obj(object, "metadata");
      if (!metadata.has("deletionTimestamp")) {
        metadata.put("deletionTimestamp", Json.now());
        metadata.put("deletionGracePeriodSeconds", 0);
      }
      if (foreground) {
        ArrayNode finalizers = metadata.withArray("finalizers");
        boolean present = false;
        for (JsonNode finalizer : finalizers) {
          present |= finalizer.asText().equals(FOREGROUND);
        }
        if (!present) {
          finalizers.add(FOREGROUND);
        }
      }
    });
  }

  /** Deletes an object marked for deletion once an update has removed its last finalizer. */
  void finishIfFinalized(ResourceKind kind, ObjectNode object) {
    JsonNode metadata = object.path("metadata");
    if (kind != ResourceKind.PODS && metadata.has("deletionTimestamp") && metadata.path("finalizers").isEmpty()) {
      try {
        deleteNow(kind, metadata.path("namespace").asText(null), metadata.path("name").asText());
      } catch (KubeApiException gone) {
        // deleted meanwhile
      }
    }
  }

  private void orphanDependents(String namespace, String ownerUid) {
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kind.namespaced()) {
        continue;
      }
      for (ObjectNode dependent : store.list(kind, namespace, o -> GarbageCollector.ownedBy(o, ownerUid))) {
        store.update(kind, namespace, Json.text(dependent, "metadata", "name"), o -> {
          ArrayNode references = (ArrayNode) o.path("metadata").path("ownerReferences");
          for (int i = references.size() - 1; i >= 0; i--) {
            if (ownerUid.equals(references.get(i).path("uid").asText())) {
              references.remove(i);
            }
          }
          if (references.isEmpty()) {
            Json.obj(o, "metadata").remove("ownerReferences");
          }
        });
      }
    }
  }

  /**
   * Marks the namespace Terminating and deletes its content, workloads first so no controller
   * replaces a pod; the namespace itself goes once its last pod has (see {@link GarbageCollector}).
   */
  private ObjectNode deleteNamespace(String name) {
    if (name.equals("default") || name.startsWith("kube-")) {
      throw KubeApiException.forbidden("namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    }
    ObjectNode terminating = store.update(ResourceKind.NAMESPACES, null, name, ns -> {
      if (!ns.path("metadata").has("deletionTimestamp")) {
        Json.obj(ns, "metadata").put("deletionTimestamp", Json.now());
      }
      Json.obj(ns, "status").put("phase", "Terminating");
    });
    for (ResourceKind kind : List.of(ResourceKind.DEPLOYMENTS, ResourceKind.REPLICASETS, ResourceKind.SERVICES,
        ResourceKind.CONFIGMAPS, ResourceKind.SECRETS, ResourceKind.SERVICEACCOUNTS, ResourceKind.PODS)) {
      for (ObjectNode object : store.list(kind, name, o -> !o.path("metadata").has("deletionTimestamp")
          || kind != ResourceKind.PODS)) {
        try {
          deleteNow(kind, name, Json.text(object, "metadata", "name"));
        } catch (KubeApiException gone) {
          // deleted meanwhile, by its owner's deletion
        }
      }
    }
    finishNamespaceIfEmpty(name);
    return terminating;
  }

  /** Removes a Terminating namespace that has no pods left. */
  void finishNamespaceIfEmpty(String name) {
    boolean terminating = store.find(ResourceKind.NAMESPACES, null, name)
        .map(ns -> ns.path("metadata").has("deletionTimestamp")).orElse(false);
    if (terminating && store.list(ResourceKind.PODS, name, o -> true).isEmpty()) {
      try {
        store.delete(ResourceKind.NAMESPACES, null, name);
      } catch (KubeApiException gone) {
        // finished by another event
      }
    }
  }

  private static void checkPreconditions(ResourceKind kind, String name, JsonNode current, JsonNode preconditions) {
    String uid = preconditions.path("uid").asText("");
    String version = preconditions.path("resourceVersion").asText("");
    String actualUid = Json.text(current, "metadata", "uid");
    if (!uid.isEmpty() && !uid.equals(actualUid)) {
      throw new KubeApiException(409, "Conflict", "Operation cannot be fulfilled on " + kind.qualifiedPlural() + " \""
          + name + "\": Precondition failed: UID in precondition: " + uid + ", UID in object meta: " + actualUid, null);
    }
    String actualVersion = Json.text(current, "metadata", "resourceVersion");
    if (!version.isEmpty() && !version.equals(actualVersion)) {
      throw new KubeApiException(409, "Conflict", "Operation cannot be fulfilled on " + kind.qualifiedPlural() + " \""
          + name + "\": Precondition failed: ResourceVersion in precondition: " + version
          + ", ResourceVersion in object meta: " + actualVersion, null);
    }
  }

  static ObjectNode success(ResourceKind kind, String name, JsonNode deleted) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Success");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", kind.group());
    details.put("kind", kind.plural());
    details.put("uid", Json.text(deleted, "metadata", "uid"));
    return status;
  }
}
