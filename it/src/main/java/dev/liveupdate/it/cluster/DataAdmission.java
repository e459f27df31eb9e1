package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * What the API server does to ConfigMaps and Secrets: keys checked, base64 {@code data} decoded
 * (a bad one is a 400), a Secret's {@code stringData} folded into {@code data} (it wins over a
 * {@code data} key of the same name) and dropped, {@code type} defaulted to Opaque and the keys
 * of the well-known types required, {@code immutable} and a Secret's type kept on update.
 */
final class DataAdmission {
  private static final String KEY = "[-._a-zA-Z0-9]+";
  private static final Map<String, List<String>> REQUIRED_KEYS = Map.of(
      "kubernetes.io/tls", List.of("tls.crt", "tls.key"),
      "kubernetes.io/dockerconfigjson", List.of(".dockerconfigjson"),
      "kubernetes.io/dockercfg", List.of(".dockercfg"),
      "kubernetes.io/ssh-auth", List.of("ssh-privatekey"));

  private DataAdmission() {}

  /** Admits a ConfigMap or Secret being created ({@code current} null) or updated. */
  static void admit(ResourceKind kind, ObjectNode object, JsonNode current) {
    String name = Json.text(object, "metadata", "name");
    if (kind == ResourceKind.SECRETS) {
      foldStringData(object);
      if (!object.hasNonNull("type")) {
        object.put("type", current == null ? "Opaque" : current.path("type").asText("Opaque"));
      }
    }
    checkKeys(kind, name, object, "data", kind == ResourceKind.SECRETS);
    if (kind == ResourceKind.CONFIGMAPS) {
      checkKeys(kind, name, object, "binaryData", true);
      object.path("binaryData").fieldNames().forEachRemaining(key -> {
        if (object.path("data").has(key)) {
          throw KubeApiException.invalid(kind, name, "data[" + key + "]", "Invalid value: \"" + key
              + "\": duplicate of key present in binaryData");
        }
      });
    } else {
      for (String key : REQUIRED_KEYS.getOrDefault(object.path("type").asText(), List.of())) {
        if (!object.path("data").has(key)) {
          throw KubeApiException.invalid(kind, name, "data[" + key + "]", "Required value");
        }
      }
    }
    if (current != null) {
      keepImmutable(kind, name, current, object);
    }
  }

  private static void foldStringData(ObjectNode secret) {
    JsonNode stringData = secret.remove("stringData");
    if (stringData != null && stringData.isObject() && !stringData.isEmpty()) {
      ObjectNode data = Json.obj(secret, "data");
      stringData.fields().forEachRemaining(e -> data.put(e.getKey(),
          Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static void checkKeys(ResourceKind kind, String name, ObjectNode object, String field, boolean base64) {
    JsonNode values = object.path(field);
    if (values.isMissingNode() || values.isNull()) {
      object.remove(field);
      return;
    }
    values.fields().forEachRemaining(entry -> {
      String key = entry.getKey();
      if (!key.matches(KEY) || key.length() > 253) {
        throw KubeApiException.invalid(kind, name, field + "[" + key + "]", "Invalid value: \"" + key
            + "\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name', "
            + " or 'KEY_NAME',  or 'key-name', regex used for validation is '" + KEY + "')");
      }
      if (base64) {
        int bad = firstNonBase64(entry.getValue().asText());
        if (bad >= 0) {
          throw KubeApiException.badRequest(kind.kind() + " in version \"v1\" cannot be handled as a " + kind.kind()
              + ": illegal base64 data at input byte " + bad);
        }
      }
    });
  }

  /** The index Go's base64.StdEncoding reports for the first bad byte, -1 if the text decodes. */
  private static int firstNonBase64(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/';
      if (!alphabet && !(c == '=' && i >= text.length() - 2)) {
        return i;
      }
    }
    return text.length() % 4 == 0 ? -1 : text.length() - text.length() % 4;
  }

  private static void keepImmutable(ResourceKind kind, String name, JsonNode current, ObjectNode object) {
    if (kind == ResourceKind.SECRETS && !current.path("type").equals(object.path("type"))) {
      throw KubeApiException.invalid(kind, name, "type", "Invalid value: \"" + object.path("type").asText()
          + "\": field is immutable");
    }
    if (!current.path("immutable").asBoolean(false)) {
      return;
    }
    if (!object.path("immutable").asBoolean(false)) {
      throw KubeApiException.invalid(kind, name, "immutable", "Forbidden: field is immutable when `immutable` is set");
    }
    for (String field : kind == ResourceKind.SECRETS ? List.of("data") : List.of("data", "binaryData")) {
      if (!current.path(field).equals(object.path(field))) {
        throw KubeApiException.invalid(kind, name, field, "Forbidden: field is immutable when `immutable` is set");
      }
    }
  }
}
