package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** RFC 6901 pointers for JSON patch: get, add (with "-" to append) and remove. */
final class JsonPointer {
  private JsonPointer() {}

  static JsonNode get(JsonNode document, String pointer) {
    JsonNode current = document;
    for (String token : tokens(pointer)) {
      current = current.isArray() ? current.get(index(token, current.size() - 1)) : current.get(token);
      if (current == null) {
        throw missing(pointer);
      }
    }
    return current;
  }

  static JsonNode add(JsonNode document, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value.deepCopy();
    }
    JsonNode parent = get(document, parentOf(pointer));
    String last = lastToken(pointer);
    if (parent instanceof ArrayNode array) {
      if (last.equals("-")) {
        array.add(value.deepCopy());
      } else {
        array.insert(index(last, array.size()), value.deepCopy());
      }
    } else if (parent instanceof ObjectNode object) {
      object.set(last, value.deepCopy());
    } else {
      throw missing(pointer);
    }
    return document;
  }

  static JsonNode remove(JsonNode document, String pointer) {
    JsonNode parent = get(document, parentOf(pointer));
    String last = lastToken(pointer);
    if (parent instanceof ArrayNode array) {
      array.remove(index(last, array.size() - 1));
    } else if (parent instanceof ObjectNode object && object.has(last)) {
      object.remove(last);
    } else {
      throw missing(pointer);
    }
    return document;
  }

  private static String[] tokens(String pointer) {
    if (pointer.isEmpty()) {
      return new String[0];
    }
    String[] raw = pointer.substring(1).split("/", -1);
    for (int i = 0; i < raw.length; i++) {
      raw[i] = raw[i].replace("~1", "/").replace("~0", "~");
    }
    return raw;
  }

  private static String parentOf(String pointer) {
    return pointer.substring(0, pointer.lastIndexOf('/'));
  }

  private static String lastToken(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1).replace("~1", "/").replace("~0", "~");
  }

  private static int index(String token, int max) {
    try {
      int index = Integer.parseInt(token);
      if (index < 0 || index > max) {
        throw KubeApiException.badRequest("index " + token + " out of bounds");
      }
      return index;
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("invalid array index " + token);
    }
  }

  private static KubeApiException missing(String pointer) {
    return new KubeApiException(
        422, "Invalid",
        "the server rejected our request due to an error in our request: doc is missing path: " + pointer,
        null);
  }
}
