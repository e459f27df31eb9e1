package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One change of one object, as a watch streams it: {@code {"type":"ADDED","object":{...}}}. */
record WatchEvent(ResourceKind kind, String type, ObjectNode object, long resourceVersion) {

  /** The ERROR event a watch gets when its resourceVersion has left the history: 410 Expired. */
  static WatchEvent gone(ResourceKind kind, long requested, long oldest) {
    ObjectNode status =
        new KubeApiException(
                410,
                "Expired",
                "too old resource version: " + requested + " (" + oldest + ")",
                null)
            .status();
    return new WatchEvent(kind, "ERROR", status, oldest);
  }

  ObjectNode toJson(ObjectNode renderedObject) {
    ObjectNode json = Json.object();
    json.put("type", type);
    json.set("object", renderedObject);
    return json;
  }
}
