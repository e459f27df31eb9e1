package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Finding and removing what a field path ({@code f:spec}, <code>k:{"name":"main"}</code>,
 * {@code v:"x"}, see {@link FieldSet}) designates in an object: how server-side apply prunes the
 * fields a manager stopped applying.
 */
final class FieldPaths {
  private FieldPaths() {}

  /**
   * Removes the member paths of {@code paths} from {@code object}, except those {@code keep} has a
   * member at or below (a list element stays while anyone keeps one of its fields).
   */
  static void remove(ObjectNode object, FieldSet paths, FieldSet keep) {
    for (List<String> path : paths.members()) {
      if (keep.touches(path)) {
        continue;
      }
      JsonNode parent = object;
      for (int i = 0; i < path.size() - 1 && parent != null; i++) {
        parent = step(parent, path.get(i));
      }
      if (parent == null) {
        continue; // an ancestor went already
      }
      String last = path.get(path.size() - 1);
      if (last.startsWith("f:") && parent instanceof ObjectNode parentObject) {
        parentObject.remove(last.substring(2));
      } else if (parent instanceof ArrayNode array) {
        int index = indexOf(array, last);
        if (index >= 0) {
          array.remove(index);
        }
      }
    }
  }

  private static JsonNode step(JsonNode node, String element) {
    if (element.startsWith("f:")) {
      return node.isObject() ? node.get(element.substring(2)) : null;
    }
    if (node instanceof ArrayNode array) {
      int index = indexOf(array, element);
      return index < 0 ? null : array.get(index);
    }
    return null;
  }

  private static int indexOf(ArrayNode array, String element) {
    JsonNode wanted = Json.parse(element.substring(2).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < array.size(); i++) {
      JsonNode candidate = array.get(i);
      if (element.startsWith("v:") ? candidate.equals(ObjectFields.SAME, wanted) : keyMatches(candidate, wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean keyMatches(JsonNode element, JsonNode key) {
    if (!element.isObject()) {
      return false;
    }
    boolean[] matches = {true};
    key.fields().forEachRemaining(k -> {
      JsonNode value = element.get(k.getKey());
      String fallback = FieldSchema.keyDefault(k.getKey());
      JsonNode actual = value == null || value.isNull() ? (fallback == null ? null : Json.MAPPER.getNodeFactory()
          .textNode(fallback)) : value;
      matches[0] &= actual != null && actual.equals(ObjectFields.SAME, k.getValue());
    });
    return matches[0];
  }

}
