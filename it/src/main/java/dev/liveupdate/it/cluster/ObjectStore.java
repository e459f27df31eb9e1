package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The double's etcd: every object of every kind, one global resourceVersion counter, a bounded
 * history of change events (so a watch can resume from a resourceVersion) and the open watches.
 * Callers always get deep copies; mutations happen under one lock.
 */
final class ObjectStore {
  private static final int HISTORY = 2000;

  private final Object lock = new Object();
  private final Map<ResourceKind, TreeMap<String, ObjectNode>> objects = new java.util.EnumMap<>(ResourceKind.class);
  private final Deque<WatchEvent> history = new ArrayDeque<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final List<Consumer<WatchEvent>> listeners = new CopyOnWriteArrayList<>();
  private long resourceVersion = 1;

  ObjectStore() {
    for (ResourceKind kind : ResourceKind.values()) {
      objects.put(kind, new TreeMap<>());
    }
  }

  long resourceVersion() {
    synchronized (lock) {
      return resourceVersion;
    }
  }

  Optional<ObjectNode> find(ResourceKind kind, String namespace, String name) {
    synchronized (lock) {
      ObjectNode object = objects.get(kind).get(key(kind, namespace, name));
      return Optional.ofNullable(object == null ? null : object.deepCopy());
    }
  }

  ObjectNode get(ResourceKind kind, String namespace, String name) {
    return find(kind, namespace, name).orElseThrow(() -> KubeApiException.notFound(kind, name));
  }

  /** Objects of a kind in a namespace (all namespaces if null) that match, ordered by name. */
  List<ObjectNode> list(ResourceKind kind, String namespace, Predicate<JsonNode> filter) {
    synchronized (lock) {
      List<ObjectNode> result = new ArrayList<>();
      for (ObjectNode object : objects.get(kind).values()) {
        if ((namespace == null || namespace.equals(Json.text(object, "metadata", "namespace")))
            && filter.test(object)) {
          result.add(object.deepCopy());
        }
      }
      return result;
    }
  }

  /** A list and the resourceVersion it was taken at, for list-then-watch clients. */
  record Listing(List<ObjectNode> items, long resourceVersion) {}

  Listing listAt(ResourceKind kind, String namespace, Predicate<JsonNode> filter) {
    synchronized (lock) {
      return new Listing(list(kind, namespace, filter), resourceVersion);
    }
  }

  /** Stores a new object: assigns uid, resourceVersion and creationTimestamp; 409 if it exists. */
  ObjectNode create(ResourceKind kind, ObjectNode object) {
    synchronized (lock) {
      ObjectNode metadata = Json.obj(object, "metadata");
      String name = metadata.path("name").asText();
      String key = key(kind, metadata.path("namespace").asText(null), name);
      if (objects.get(kind).containsKey(key)) {
        throw KubeApiException.alreadyExists(kind, name);
      }
      object.put("kind", kind.kind());
      object.put("apiVersion", kind.apiVersion());
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", Json.now());
      metadata.put("resourceVersion", Long.toString(++resourceVersion));
      objects.get(kind).put(key, object);
      publish(new WatchEvent(kind, "ADDED", object.deepCopy(), resourceVersion));
      return object.deepCopy();
    }
  }

  /**
   * Changes an object under the store's lock. The mutation gets the stored object to edit in
   * place; if it changed anything, the resourceVersion moves on and watchers hear MODIFIED.
   */
  ObjectNode update(ResourceKind kind, String namespace, String name, Consumer<ObjectNode> mutation) {
    synchronized (lock) {
      ObjectNode stored = objects.get(kind).get(key(kind, namespace, name));
      if (stored == null) {
        throw KubeApiException.notFound(kind, name);
      }
      ObjectNode before = stored.deepCopy();
      mutation.accept(stored);
      stored.put("kind", kind.kind());
      stored.put("apiVersion", kind.apiVersion());
      Json.obj(stored, "metadata").put("resourceVersion", before.path("metadata").path("resourceVersion").asText());
      if (!stored.equals(before)) {
        Json.obj(stored, "metadata").put("resourceVersion", Long.toString(++resourceVersion));
        publish(new WatchEvent(kind, "MODIFIED", stored.deepCopy(), resourceVersion));
      }
      return stored.deepCopy();
    }
  }

  /** Removes an object and tells watchers DELETED; returns the last state. */
  ObjectNode delete(ResourceKind kind, String namespace, String name) {
    synchronized (lock) {
      ObjectNode removed = objects.get(kind).remove(key(kind, namespace, name));
      if (removed == null) {
        throw KubeApiException.notFound(kind, name);
      }
      Json.obj(removed, "metadata").put("resourceVersion", Long.toString(++resourceVersion));
      publish(new WatchEvent(kind, "DELETED", removed.deepCopy(), resourceVersion));
      return removed;
    }
  }

  /**
   * Opens a watch. With a resourceVersion newer than 0, replays the history after it (410 Gone if
   * it is too old); without one, starts with a synthetic ADDED for every current match.
   */
  Watch watch(ResourceKind kind, String namespace, Predicate<JsonNode> filter, String fromVersion) {
    synchronized (lock) {
      Watch watch = new Watch(kind, namespace, filter);
      long from = fromVersion == null || fromVersion.isEmpty() ? 0 : parseVersion(fromVersion);
      if (from == 0) {
        for (ObjectNode object : list(kind, namespace, filter)) {
          watch.offer(new WatchEvent(kind, "ADDED", object, resourceVersion));
        }
      } else {
        long oldest = history.isEmpty() ? resourceVersion : history.peekFirst().resourceVersion() - 1;
        if (from < oldest) {
          watch.offer(WatchEvent.gone(kind, from, oldest));
        } else {
          for (WatchEvent event : history) {
            if (event.resourceVersion() > from) {
              watch.offerIfMatches(event);
            }
          }
        }
      }
      watches.add(watch);
      return watch;
    }
  }

  /** Registers an in-process controller; it is called under the store's lock, so it must be quick. */
  void addListener(Consumer<WatchEvent> listener) {
    listeners.add(listener);
  }

  void unregister(Watch watch) {
    watches.remove(watch);
    watch.close();
  }

  /** Ends every open watch (server shutdown). */
  void closeWatches() {
    for (Watch watch : watches) {
      unregister(watch);
    }
  }

  private void publish(WatchEvent event) {
    history.addLast(event);
    while (history.size() > HISTORY) {
      history.removeFirst();
    }
    for (Watch watch : watches) {
      watch.offerIfMatches(event);
    }
    for (Consumer<WatchEvent> listener : listeners) {
      listener.accept(event);
    }
  }

  private static long parseVersion(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("invalid resource version: " + version);
    }
  }

  private static String key(ResourceKind kind, String namespace, String name) {
    return kind.namespaced() ? namespace + "/" + name : name;
  }
}
