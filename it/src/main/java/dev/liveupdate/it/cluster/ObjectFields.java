package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Objects seen as sets of field paths, the way structured-merge-diff sees them for server-side
 * apply: the fields an object sets, what changed between two versions, a merge of an applied
 * configuration into a live object, and the removal of paths. Lists and atomic objects follow
 * {@link FieldSchema}.
 */
final class ObjectFields {
  /** Numbers compare by value (a YAML 2 and a JSON 2 may be different node types). */
  static final Comparator<JsonNode> SAME = (a, b) -> a.isNumber() && b.isNumber()
      ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

  private static final List<String> STRIPPED_METADATA = List.of("name", "namespace", "uid", "resourceVersion",
      "generation", "creationTimestamp", "managedFields", "selfLink", "deletionTimestamp",
      "deletionGracePeriodSeconds");

  /** What changed from one version of an object to the next, as three sets of paths. */
  record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {
    FieldSet addedOrModified() {
      return added.union(modified);
    }
  }

  private ObjectFields() {}

  /** The fields no manager owns taken out: apiVersion, kind, server-set metadata, status if a subresource. */
  static ObjectNode managedPart(ResourceKind kind, JsonNode object) {
    ObjectNode copy = object == null || !object.isObject() ? Json.object() : (ObjectNode) object.deepCopy();
    copy.remove(List.of("apiVersion", "kind"));
    if (kind.hasStatus()) {
      copy.remove("status");
    }
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(STRIPPED_METADATA);
      if (metadata.isEmpty()) {
        copy.remove("metadata");
      }
    }
    return copy;
  }

  /** The paths an object (an applied configuration) sets: its leaves and its list map elements. */
  static FieldSet fieldsOf(ResourceKind kind, JsonNode object) {
    FieldSet set = new FieldSet();
    collect(kind, managedPart(kind, object), new ArrayList<>(), new ArrayList<>(), set);
    return set;
  }

  private static void collect(ResourceKind kind, JsonNode node, List<String> names, List<String> path, FieldSet out) {
    if (node.isObject() && (names.isEmpty() || FieldSchema.shape(kind, names, false) == FieldSchema.Shape.OBJECT)) {
      if (node.isEmpty() && !path.isEmpty()) {
        out.add(path);
      }
      node.fields().forEachRemaining(f -> collect(kind, f.getValue(), plus(names, f.getKey()),
          plus(path, "f:" + f.getKey()), out));
    } else if (node.isArray() && !node.isEmpty()
        && FieldSchema.shape(kind, names, true) != FieldSchema.Shape.ATOMIC) {
      for (Map.Entry<String, JsonNode> element : elements(kind, names, node).entrySet()) {
        List<String> elementPath = plus(path, element.getKey());
        out.add(elementPath);
        if (element.getValue().isObject()) {
          element.getValue().fields().forEachRemaining(f -> collect(kind, f.getValue(), plus(names, f.getKey()),
              plus(elementPath, "f:" + f.getKey()), out));
        }
      }
    } else {
      out.add(path);
    }
  }

  /** Compares two versions of an object (null for none) field by field. */
  static Comparison compare(ResourceKind kind, JsonNode before, JsonNode after) {
    Comparison comparison = new Comparison(new FieldSet(), new FieldSet(), new FieldSet());
    diff(kind, managedPart(kind, before), managedPart(kind, after), new ArrayList<>(), new ArrayList<>(), comparison);
    return comparison;
  }

  private static void diff(ResourceKind kind, JsonNode a, JsonNode b, List<String> names, List<String> path,
      Comparison out) {
    if (a == null || b == null) {
      collect(kind, a == null ? b : a, names, path, a == null ? out.added() : out.removed());
      return;
    }
    boolean root = names.isEmpty();
    if (a.isObject() && b.isObject() && (root || FieldSchema.shape(kind, names, false) == FieldSchema.Shape.OBJECT)) {
      if (!root && a.isEmpty() != b.isEmpty()) {
        (a.isEmpty() ? out.removed() : out.added()).add(path);
      }
      Set<String> fields = new LinkedHashSet<>();
      a.fieldNames().forEachRemaining(fields::add);
      b.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        diff(kind, a.get(field), b.get(field), plus(names, field), plus(path, "f:" + field), out);
      }
    } else if (a.isArray() && b.isArray() && FieldSchema.shape(kind, names, true) != FieldSchema.Shape.ATOMIC
        && !a.isEmpty() && !b.isEmpty()) {
      Map<String, JsonNode> before = elements(kind, names, a);
      Map<String, JsonNode> after = elements(kind, names, b);
      Set<String> keys = new LinkedHashSet<>(before.keySet());
      keys.addAll(after.keySet());
      for (String key : keys) {
        List<String> elementPath = plus(path, key);
        JsonNode x = before.get(key);
        JsonNode y = after.get(key);
        if (x == null || y == null) {
          FieldSet target = x == null ? out.added() : out.removed();
          target.add(elementPath);
          JsonNode present = x == null ? y : x;
          if (present.isObject()) {
            present.fields().forEachRemaining(f -> collect(kind, f.getValue(), plus(names, f.getKey()),
                plus(elementPath, "f:" + f.getKey()), target));
          }
        } else if (x.isObject() && y.isObject()) {
          Set<String> fields = new LinkedHashSet<>();
          x.fieldNames().forEachRemaining(fields::add);
          y.fieldNames().forEachRemaining(fields::add);
          for (String field : fields) {
            diff(kind, x.get(field), y.get(field), plus(names, field), plus(elementPath, "f:" + field), out);
          }
        }
      }
    } else if (!a.equals(SAME, b)) {
      // a leaf changed, or a list or object changed shape (emptied, filled, or another JSON type)
      FieldSet was = new FieldSet();
      FieldSet is = new FieldSet();
      collect(kind, a, names, path, was);
      collect(kind, b, names, path, is);
      FieldSet both = was.intersection(is);
      both.members().forEach(out.modified()::add);
      was.difference(both).members().forEach(out.removed()::add);
      is.difference(both).members().forEach(out.added()::add);
    }
  }

  /** Merges an applied configuration into the live object: granular objects by field, list maps by key. */
  static JsonNode merge(ResourceKind kind, JsonNode live, JsonNode config) {
    return merge(kind, live, config, new ArrayList<>());
  }

  private static JsonNode merge(ResourceKind kind, JsonNode live, JsonNode config, List<String> names) {
    if (live == null || live.isNull() || live.isMissingNode()) {
      return withoutNulls(config);
    }
    boolean root = names.isEmpty();
    if (live.isObject() && config.isObject()
        && (root || FieldSchema.shape(kind, names, false) == FieldSchema.Shape.OBJECT)) {
      return mergeFields((ObjectNode) live, config, names, kind);
    }
    if (live.isArray() && config.isArray()) {
      FieldSchema.Shape shape = FieldSchema.shape(kind, names, true);
      if (shape == FieldSchema.Shape.LIST_MAP) {
        ArrayNode result = (ArrayNode) live.deepCopy();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> liveKeys = new ArrayList<>(elements(kind, names, result).keySet());
        for (int i = 0; i < liveKeys.size(); i++) {
          index.put(liveKeys.get(i), i);
        }
        for (Map.Entry<String, JsonNode> element : elements(kind, names, config).entrySet()) {
          Integer at = index.get(element.getKey());
          if (at == null) {
            result.add(withoutNulls(element.getValue()));
          } else if (result.get(at).isObject() && element.getValue().isObject()) {
            result.set(at, mergeFields((ObjectNode) result.get(at), element.getValue(), names, kind));
          } else {
            result.set(at, withoutNulls(element.getValue()));
          }
        }
        return result;
      }
      if (shape == FieldSchema.Shape.LIST_SET) {
        ArrayNode result = (ArrayNode) live.deepCopy();
        for (JsonNode value : config) {
          boolean present = false;
          for (JsonNode existing : result) {
            present |= existing.equals(SAME, value);
          }
          if (!present) {
            result.add(value.deepCopy());
          }
        }
        return result;
      }
    }
    return withoutNulls(config);
  }

  private static ObjectNode mergeFields(ObjectNode live, JsonNode config, List<String> names, ResourceKind kind) {
    ObjectNode result = live.deepCopy();
    config.fields().forEachRemaining(field -> {
      if (field.getValue().isNull()) {
        result.remove(field.getKey()); // an explicit null in an applied configuration deletes the field
      } else {
        result.set(field.getKey(), merge(kind, live.get(field.getKey()), field.getValue(), plus(names, field.getKey())));
      }
    });
    return result;
  }

  private static JsonNode withoutNulls(JsonNode node) {
    JsonNode copy = node.deepCopy();
    if (copy instanceof ObjectNode object) {
      List<String> nulls = new ArrayList<>();
      object.fields().forEachRemaining(f -> {
        if (f.getValue().isNull()) {
          nulls.add(f.getKey());
        } else {
          object.set(f.getKey(), withoutNulls(f.getValue()));
        }
      });
      object.remove(nulls);
    } else if (copy instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        array.set(i, withoutNulls(array.get(i)));
      }
    }
    return copy;
  }

  /** The elements of a list map ({@code k:{...}}) or a set ({@code v:...}), by path element, in order. */
  private static Map<String, JsonNode> elements(ResourceKind kind, List<String> names, JsonNode list) {
    Map<String, JsonNode> elements = new LinkedHashMap<>();
    List<String> keys = FieldSchema.keys(kind, names);
    for (JsonNode element : list) {
      String id = keys == null ? "v:" + Json.string(element) : "k:" + key(element, keys, names);
      if (elements.put(id, element) != null) {
        throw KubeApiException.badRequest("." + String.join(".", names) + ": duplicate entries for key "
            + FieldSet.render(List.of(id)));
      }
    }
    return elements;
  }

  private static String key(JsonNode element, List<String> keys, List<String> names) {
    ObjectNode key = Json.object();
    for (String field : new TreeSet<>(keys)) {
      JsonNode value = element.path(field);
      if (value.isMissingNode() || value.isNull()) {
        String fallback = FieldSchema.keyDefault(field);
        if (fallback == null) {
          throw KubeApiException.badRequest("." + String.join(".", names) + ": associative list with keys has an"
              + " element that omits key field \"" + field + "\" (and doesn't have default value)");
        }
        key.put(field, fallback);
      } else {
        key.set(field, value);
      }
    }
    return Json.string(key);
  }

  private static List<String> plus(List<String> list, String element) {
    List<String> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(element);
    return copy;
  }
}
