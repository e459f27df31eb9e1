package dev.liveupdate.it.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The little of the Kubernetes OpenAPI schema that server-side apply needs for the kinds the double
 * serves: which lists are maps keyed by some of their elements' fields ({@code +listType=map}),
 * which are sets ({@code +listType=set}), and which objects are atomic ({@code +structType=atomic},
 * {@code +mapType=atomic}). Everything else is a granular object or an atomic list, as in the API
 * types' tags. A node is named by the field names from the root down to it (list elements add none).
 */
final class FieldSchema {
  enum Shape { OBJECT, ATOMIC, LIST_MAP, LIST_SET }

  private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

  /** List map keys by field name, from the API types' {@code +listMapKey} tags. */
  private static final Map<String, List<String>> LIST_KEYS = Map.ofEntries(
      Map.entry("containers", List.of("name")),
      Map.entry("initContainers", List.of("name")),
      Map.entry("ephemeralContainers", List.of("name")),
      Map.entry("env", List.of("name")),
      Map.entry("volumes", List.of("name")),
      Map.entry("volumeMounts", List.of("mountPath")),
      Map.entry("volumeDevices", List.of("devicePath")),
      Map.entry("imagePullSecrets", List.of("name")),
      Map.entry("ownerReferences", List.of("uid")),
      Map.entry("conditions", List.of("type")),
      Map.entry("hostAliases", List.of("ip")),
      Map.entry("resourceClaims", List.of("name")),
      Map.entry("schedulingGates", List.of("name")),
      Map.entry("topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable")));

  /** Objects replaced as a whole: label selectors ({@code +structType=atomic}) and selector maps. */
  private static final Set<String> ATOMIC_OBJECTS = Set.of("selector", "nodeSelector", "labelSelector",
      "namespaceSelector");

  private FieldSchema() {}

  /** How the node at {@code names} (field names from the root) merges, given its JSON type. */
  static Shape shape(ResourceKind kind, List<String> names, boolean isArray) {
    String name = names.isEmpty() ? "" : names.get(names.size() - 1);
    if (isArray) {
      if (names.size() == 2 && names.get(0).equals("metadata") && name.equals("finalizers")) {
        return Shape.LIST_SET;
      }
      return keys(kind, names) != null ? Shape.LIST_MAP : Shape.ATOMIC;
    }
    return ATOMIC_OBJECTS.contains(name) && names.size() > 1 ? Shape.ATOMIC : Shape.OBJECT;
  }

  /** The keys of a list map at {@code names}, null if the list is not one. */
  static List<String> keys(ResourceKind kind, List<String> names) {
    String name = names.get(names.size() - 1);
    if (name.equals("ports")) {
      String parent = names.size() > 1 ? names.get(names.size() - 2) : "";
      if (CONTAINER_LISTS.contains(parent)) {
        return List.of("containerPort", "protocol");
      }
      if (kind == ResourceKind.SERVICES && names.size() == 2 && parent.equals("spec")) {
        return List.of("port", "protocol");
      }
      return null;
    }
    if (name.equals("secrets") && kind == ResourceKind.SERVICEACCOUNTS && names.size() == 1) {
      return List.of("name");
    }
    return LIST_KEYS.get(name);
  }

  /** The schema default of a key field an element may omit ({@code protocol} defaults to TCP), or null. */
  static String keyDefault(String key) {
    return key.equals("protocol") ? "TCP" : null;
  }
}
