package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** JSON helpers shared by the double: one mapper, Kubernetes time format, small tree utilities. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses a request body; a syntax error becomes the 400 the API server answers. */
  static JsonNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw KubeApiException.badRequest("the request body is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw KubeApiException.badRequest(
          "couldn't get version/kind; json parse error: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw KubeApiException.badRequest("unable to read the request body: " + e.getMessage());
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + node, e);
    }
  }

  static String string(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** RFC 3339 with second precision, as the API server renders metav1.Time. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String now() {
    return time(Instant.now());
  }

  /** Returns {@code parent.field} as an object, creating it if absent. */
  static ObjectNode obj(ObjectNode parent, String field) {
    JsonNode child = parent.get(field);
    if (child instanceof ObjectNode existing) {
      return existing;
    }
    return parent.putObject(field);
  }

  static String text(JsonNode node, String... path) {
    JsonNode current = node;
    for (String field : path) {
      if (current == null) {
        return null;
      }
      current = current.get(field);
    }
    return current == null || current.isNull() ? null : current.asText();
  }

  static Map<String, String> stringMap(JsonNode node) {
    Map<String, String> map = new java.util.LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    }
    return map;
  }
}
