package dev.liveupdate.kube;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Reads the human message out of a Kubernetes {@code Status} response body. */
final class StatusMessages {

  private StatusMessages() {}

  static String of(String body) {
    if (body == null || body.isBlank()) {
      return "(no response body)";
    }
    try {
      JsonElement json = JsonParser.parseString(body);
      if (json.isJsonObject()) {
        JsonObject status = json.getAsJsonObject();
        if (status.has("message")) {
          return status.get("message").getAsString();
        }
      }
    } catch (RuntimeException notJson) {
      // fall through: show the start of the body as it is
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
