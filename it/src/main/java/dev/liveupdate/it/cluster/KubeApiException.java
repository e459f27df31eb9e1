package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the double answers with a Kubernetes {@code Status} object, shaped like the API
 * server's (kind, apiVersion, metadata, status Failure, message, reason, details, code).
 */
final class KubeApiException extends RuntimeException {
  private final int code;
  private final String reason;
  private final ObjectNode details;

  KubeApiException(int code, String reason, String message, ObjectNode details) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  int code() {
    return code;
  }

  /** The Status body, e.g. {@code {"kind":"Status",...,"reason":"NotFound","code":404}}. */
  ObjectNode status() {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", reason);
    if (details != null) {
      status.set("details", details);
    }
    status.put("code", code);
    return status;
  }

  static KubeApiException notFound(ResourceKind kind, String name) {
    return new KubeApiException(
        404, "NotFound", kind.qualifiedPlural() + " \"" + name + "\" not found", details(kind, name));
  }

  static KubeApiException alreadyExists(ResourceKind kind, String name) {
    return new KubeApiException(
        409,
        "AlreadyExists",
        kind.qualifiedPlural() + " \"" + name + "\" already exists",
        details(kind, name));
  }

  static KubeApiException conflict(ResourceKind kind, String name) {
    return new KubeApiException(
        409,
        "Conflict",
        "Operation cannot be fulfilled on "
            + kind.qualifiedPlural()
            + " \""
            + name
            + "\": the object has been modified; please apply your changes to the latest version"
            + " and try again",
        details(kind, name));
  }

  /** 422 with one cause, like {@code Deployment.apps "x" is invalid: spec.replicas: Invalid value: -1: ...}. */
  static KubeApiException invalid(ResourceKind kind, String name, String field, String detail) {
    ObjectNode details = details(kind, name);
    details.put("kind", kind.kind());
    ObjectNode cause = details.putArray("causes").addObject();
    cause.put("reason", "FieldValueInvalid");
    cause.put("message", detail);
    cause.put("field", field);
    String qualifiedKind = kind.group().isEmpty() ? kind.kind() : kind.kind() + "." + kind.group();
    return new KubeApiException(
        422,
        "Invalid",
        qualifiedKind + " \"" + name + "\" is invalid: " + field + ": " + detail,
        details);
  }

  static KubeApiException badRequest(String message) {
    return new KubeApiException(400, "BadRequest", message, null);
  }

  static KubeApiException unauthorized() {
    return new KubeApiException(401, "Unauthorized", "Unauthorized", null);
  }

  static KubeApiException forbidden(String message) {
    return new KubeApiException(403, "Forbidden", message, null);
  }

  static KubeApiException methodNotAllowed() {
    return new KubeApiException(
        405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null);
  }

  static KubeApiException pathNotFound() {
    return new KubeApiException(
        404, "NotFound", "the server could not find the requested resource", null);
  }

  static KubeApiException unsupportedMediaType(String type) {
    return new KubeApiException(
        415,
        "UnsupportedMediaType",
        "the body of the request was in an unknown format - accepted media types include:"
            + " application/json-patch+json, application/merge-patch+json,"
            + " application/strategic-merge-patch+json (got " + type + ")",
        null);
  }

  static KubeApiException internal(String message) {
    ObjectNode details = Json.object();
    details.putArray("causes").addObject().put("message", message);
    return new KubeApiException(500, "InternalError", "Internal error occurred: " + message, details);
  }

  private static ObjectNode details(ResourceKind kind, String name) {
    ObjectNode details = Json.object();
    details.put("name", name);
    if (!kind.group().isEmpty()) {
      details.put("group", kind.group());
    }
    details.put("kind", kind.plural());
    return details;
  }
}
