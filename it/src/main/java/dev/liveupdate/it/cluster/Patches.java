package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The three PATCH flavours the API server accepts for built-in types: JSON merge patch
 * (RFC 7386), strategic merge patch (merge, plus lists merged by their patch merge key and the
 * {@code $patch} directive) and JSON patch (RFC 6902).
 */
final class Patches {
  /** Patch merge keys of the lists we serve, from the Kubernetes API types' struct tags. */
  private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
      Map.entry("containers", "name"),
      Map.entry("initContainers", "name"),
      Map.entry("ephemeralContainers", "name"),
      Map.entry("env", "name"),
      Map.entry("ports", "containerPort"),
      Map.entry("volumes", "name"),
      Map.entry("volumeMounts", "mountPath"),
      Map.entry("volumeDevices", "devicePath"),
      Map.entry("imagePullSecrets", "name"),
      Map.entry("ownerReferences", "uid"),
      Map.entry("conditions", "type"),
      Map.entry("hostAliases", "ip"));

  private Patches() {}

  static JsonNode apply(String contentType, JsonNode target, JsonNode patch) {
    String type = contentType == null ? "" : contentType.split(";")[0].trim();
    return switch (type) {
      case "application/merge-patch+json" -> mergePatch(target.deepCopy(), patch, false);
      case "application/strategic-merge-patch+json" -> mergePatch(target.deepCopy(), patch, true);
      case "application/json-patch+json" -> jsonPatch(target.deepCopy(), patch);
      default -> throw KubeApiException.unsupportedMediaType(type);
    };
  }

  static JsonNode mergePatch(JsonNode target, JsonNode patch, boolean strategic) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    if (strategic && "replace".equals(patch.path("$patch").asText())) {
      ObjectNode replacement = patch.deepCopy();
      replacement.remove("$patch");
      return replacement;
    }
    ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : Json.object();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (strategic && name.startsWith("$")) {
        continue; // $setElementOrder/..., $retainKeys, $deleteFromPrimitiveList/...: order only
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (strategic && value.isArray() && MERGE_KEYS.containsKey(name) && result.path(name).isArray()) {
        result.set(name, mergeList((ArrayNode) result.get(name), (ArrayNode) value, MERGE_KEYS.get(name)));
      } else if (strategic && value.isArray()) {
        result.set(name, stripDirectives(value));
      } else {
        result.set(name, mergePatch(result.get(name), value, strategic));
      }
    }
    return result;
  }

  private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key) {
    ArrayNode result = target.deepCopy();
    for (JsonNode element : patch) {
      int index = indexOf(result, key, element.path(key));
      if ("delete".equals(element.path("$patch").asText())) {
        if (index >= 0) {
          result.remove(index);
        }
      } else if (index >= 0) {
        result.set(index, mergePatch(result.get(index), element, true));
      } else {
        result.add(stripDirectives(element));
      }
    }
    return result;
  }

  private static int indexOf(ArrayNode list, String key, JsonNode value) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).path(key).equals(value)) {
        return i;
      }
    }
    return -1;
  }

  private static JsonNode stripDirectives(JsonNode node) {
    return node.isObject() ? mergePatch(Json.object(), node, true) : node.deepCopy();
  }

  static JsonNode jsonPatch(JsonNode target, JsonNode operations) {
    if (!operations.isArray()) {
      throw KubeApiException.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    }
    JsonNode document = target;
    for (JsonNode op : operations) {
      String path = op.path("path").asText();
      switch (op.path("op").asText()) {
        case "add" -> document = JsonPointer.add(document, path, op.get("value"));
        case "remove" -> document = JsonPointer.remove(document, path);
        case "replace" -> {
          JsonPointer.get(document, path);
          document = JsonPointer.add(JsonPointer.remove(document, path), path, op.get("value"));
        }
        case "test" -> {
          if (!JsonPointer.get(document, path).equals(op.get("value"))) {
            throw new KubeApiException(422, "Invalid", "the server rejected our request due to an error in our request: testing value " + path + " failed", null);
          }
        }
        case "move" -> {
          JsonNode value = JsonPointer.get(document, op.path("from").asText());
          document = JsonPointer.add(JsonPointer.remove(document, op.path("from").asText()), path, value);
        }
        case "copy" -> document = JsonPointer.add(document, path, JsonPointer.get(document, op.path("from").asText()).deepCopy());
        default -> throw KubeApiException.badRequest("Unexpected kind: " + op.path("op").asText());
      }
    }
    return document;
  }
}
