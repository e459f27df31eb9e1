package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The garbage collector and the namespace controller, reduced to what follows from owner
 * references: when an object is deleted, its dependents (objects whose {@code ownerReferences}
 * name its uid) are deleted too, unless another owner of theirs still exists; an object marked for
 * foreground deletion has its dependents deleted first and goes once none is left; a Terminating
 * namespace goes once its last pod has. Runs on its own thread: store events only queue work.
 */
final class GarbageCollector implements AutoCloseable {
  private final ObjectStore store;
  private final Deletions deletions;
  private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
  private final Thread loop;
  private volatile boolean running = true;

  GarbageCollector(ObjectStore store, Deletions deletions) {
    this.store = store;
    this.deletions = deletions;
    store.addListener(this::onEvent);
    loop = new Thread(this::run, "double-garbage-collector");
    loop.setDaemon(true);
    loop.start();
  }

  static boolean ownedBy(JsonNode object, String ownerUid) {
    for (JsonNode owner : object.path("metadata").path("ownerReferences")) {
      if (ownerUid.equals(owner.path("uid").asText())) {
        return true;
      }
    }
    return false;
  }

  private void onEvent(WatchEvent event) {
    JsonNode metadata = event.object().path("metadata");
    String namespace = metadata.path("namespace").asText(null);
    String uid = metadata.path("uid").asText();
    if (event.type().equals("DELETED")) {
      work.add(() -> deleteDependents(namespace, uid, false));
      for (JsonNode owner : metadata.path("ownerReferences")) {
        String ownerUid = owner.path("uid").asText();
        work.add(() -> finishForeground(namespace, ownerUid));
      }
      if (event.kind() == ResourceKind.PODS) {
        work.add(() -> deletions.finishNamespaceIfEmpty(namespace));
      }
    } else if (event.type().equals("MODIFIED") && metadata.has("deletionTimestamp")
        && metadata.path("finalizers").toString().contains('"' + Deletions.FOREGROUND + '"')) {
      work.add(() -> {
        deleteDependents(namespace, uid, true);
        finishForeground(namespace, uid);
      });
    }
  }

  private void deleteDependents(String namespace, String ownerUid, boolean foreground) {
    if (namespace == null) {
      return;
    }
    for (ResourceKind kind : ResourceKind.values()) {
      if (!kind.namespaced()) {
        continue;
      }
      for (ObjectNode dependent : store.list(kind, namespace, o -> ownedBy(o, ownerUid))) {
        String name = Json.text(dependent, "metadata", "name");
        if (dependent.path("metadata").has("deletionTimestamp")) {
          continue;
        }
        if (hasOtherLiveOwner(namespace, dependent, ownerUid)) {
          store.update(kind, namespace, name, o -> removeOwner(o, ownerUid));
        } else if (foreground && kind != ResourceKind.PODS) {
          deletions.markDeleting(kind, namespace, name, true);
        } else {
          deletions.deleteNow(kind, namespace, name);
        }
      }
    }
  }

  /** Lets an object marked for foreground deletion go once nothing it owns is left. */
  private void finishForeground(String namespace, String ownerUid) {
    Optional<Located> owner = find(namespace, ownerUid);
    if (owner.isEmpty()) {
      return;
    }
    JsonNode metadata = owner.get().object().path("metadata");
    if (!metadata.has("deletionTimestamp") || !metadata.path("finalizers").toString().contains(Deletions.FOREGROUND)) {
      return;
    }
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.namespaced() && !store.list(kind, namespace, o -> ownedBy(o, ownerUid)).isEmpty()) {
        return;
      }
    }
    ResourceKind kind = owner.get().kind();
    String name = metadata.path("name").asText();
    ObjectNode released = store.update(kind, namespace, name, o -> {
      ArrayNode finalizers = (ArrayNode) o.path("metadata").path("finalizers");
      for (int i = finalizers.size() - 1; i >= 0; i--) {
        if (finalizers.get(i).asText().equals(Deletions.FOREGROUND)) {
          finalizers.remove(i);
        }
      }
    });
    deletions.finishIfFinalized(kind, released);
  }

  private boolean hasOtherLiveOwner(String namespace, JsonNode dependent, String deletedUid) {
    for (JsonNode owner : dependent.path("metadata").path("ownerReferences")) {
      String uid = owner.path("uid").asText();
      if (!uid.equals(deletedUid) && find(namespace, uid).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static void removeOwner(ObjectNode object, String ownerUid) {
    ArrayNode references = (ArrayNode) object.path("metadata").path("ownerReferences");
    for (int i = references.size() - 1; i >= 0; i--) {
      if (ownerUid.equals(references.get(i).path("uid").asText())) {
        references.remove(i);
      }
    }
  }

  private record Located(ResourceKind kind, ObjectNode object) {}

  private Optional<Located> find(String namespace, String uid) {
    for (ResourceKind kind : ResourceKind.values()) {
      for (ObjectNode object : store.list(kind, kind.namespaced() ? namespace : null,
          o -> uid.equals(o.path("metadata").path("uid").asText()))) {
        return Optional.of(new Located(kind, object));
      }
    }
    return Optional.empty();
  }

  private void run() {
    while (running) {
      try {
        Runnable task = work.poll(200, TimeUnit.MILLISECONDS);
        if (task != null) {
          task.run();
        }
      } catch (InterruptedException e) {
        return;
      } catch (KubeApiException gone) {
        // the object went meanwhile: nothing left to collect
      } catch (RuntimeException e) {
        System.err.println("[double] garbage collector: " + e);
      }
    }
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    try {
      loop.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
