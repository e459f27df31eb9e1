package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** What the API server checks and defaults before it stores an object. */
final class Admission {
  private static final String DNS_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS_1035_LABEL = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS_SUBDOMAIN = DNS_LABEL + "(\\." + DNS_LABEL + ")*";

  private Admission() {}

  /** The request body as an object of the path's kind and namespace; 400 if it is not. */
  static ObjectNode objectFor(ResourceKind kind, JsonNode body, String namespace) {
    if (!body.isObject()) {
      throw KubeApiException.badRequest("the object provided is unrecognized (must be of type " + kind.kind() + ")");
    }
    ObjectNode object = body.deepCopy();
    String bodyKind = Json.text(object, "kind");
    String apiVersion = Json.text(object, "apiVersion");
    if ((bodyKind != null && !bodyKind.equals(kind.kind())) || (apiVersion != null && !apiVersion.equals(kind.apiVersion()))) {
      throw KubeApiException.badRequest("the API version in the data (" + apiVersion + ") does not match the expected"
          + " API version (" + kind.apiVersion() + ") or kind " + bodyKind + " is not " + kind.kind());
    }
    ObjectNode metadata = Json.obj(object, "metadata");
    if (kind.namespaced()) {
      String bodyNamespace = metadata.path("namespace").asText("");
      if (!bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
        throw KubeApiException.badRequest("the namespace of the provided object does not match the namespace sent on"
            + " the request");
      }
      metadata.put("namespace", namespace);
    }
    return object;
  }

  static void admitCreate(ResourceKind kind, ObjectNode object) {
    ObjectNode metadata = Json.obj(object, "metadata");
    for (String serverSet : new String[] {"uid", "resourceVersion", "creationTimestamp", "deletionTimestamp"}) {
      metadata.remove(serverSet);
    }
    if (metadata.path("name").asText("").isEmpty() && !metadata.path("generateName").asText("").isEmpty()) {
      metadata.put("name", metadata.path("generateName").asText() + PodTemplates.randomSuffix(5));
    }
    String name = metadata.path("name").asText("");
    if (name.isEmpty()) {
      throw KubeApiException.invalid(kind, name, "metadata.name", "Required value: name or generateName is required");
    }
    if (kind == ResourceKind.SERVICES && (!name.matches(DNS_1035_LABEL) || name.length() > 63)) {
      throw KubeApiException.invalid(kind, name, "metadata.name", "Invalid value: \"" + name + "\": a DNS-1035 label"
          + " must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end"
          + " with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '"
          + DNS_1035_LABEL + "')");
    }
    if (!name.matches(kind == ResourceKind.NAMESPACES ? DNS_LABEL : DNS_SUBDOMAIN) || name.length() > 253) {
      throw KubeApiException.invalid(kind, name, "metadata.name", "Invalid value: \"" + name
          + "\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
    }
    switch (kind) {
      case NAMESPACES -> {
        Json.obj(metadata, "labels").put("kubernetes.io/metadata.name", name);
        Json.obj(object, "spec").putArray("finalizers").add("kubernetes");
        object.putObject("status").put("phase", "Active");
      }
      case PODS -> {
        ObjectNode spec = Json.obj(object, "spec");
        PodTemplates.validatePodSpec(kind, name, spec, "spec");
        PodTemplates.defaultPodSpec(spec);
        spec.put("nodeName", PodTemplates.NODE_NAME);
        object.set("status", PodTemplates.pendingStatus(spec));
      }
      case DEPLOYMENTS -> {
        validateDeployment(name, object);
        defaultDeployment(object);
        metadata.put("generation", 1);
        object.putObject("status");
      }
      case SERVICES -> ServiceSpecs.admit(object);
      case CONFIGMAPS, SECRETS -> DataAdmission.admit(kind, object, null);
      case SERVICEACCOUNTS -> object.remove("status");
      default -> throw KubeApiException.methodNotAllowed();
    }
  }

  /** Keeps what a client cannot change on update; bumps generation when the spec changed. */
  static void admitUpdate(ResourceKind kind, ObjectNode current, ObjectNode replacement) {
    ObjectNode metadata = Json.obj(replacement, "metadata");
    JsonNode currentMetadata = current.path("metadata");
    for (String kept : new String[] {"name", "namespace", "uid", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "generateName", "generation"}) {
      if (currentMetadata.has(kept)) {
        metadata.set(kept, currentMetadata.get(kept));
      } else {
        metadata.remove(kept);
      }
    }
    metadata.remove("resourceVersion");
    String name = metadata.path("name").asText();
    switch (kind) {
      case DEPLOYMENTS -> {
        validateDeployment(name, replacement);
        defaultDeployment(replacement);
        if (!replacement.path("spec").equals(current.path("spec"))) {
          metadata.put("generation", currentMetadata.path("generation").asLong(1) + 1);
        }
      }
      case PODS -> {
        ObjectNode spec = Json.obj(replacement, "spec");
        PodTemplates.defaultPodSpec(spec);
        if (!spec.equals(current.path("spec"))) {
          throw KubeApiException.invalid(kind, name, "spec", "Forbidden: pod updates may not change fields other"
              + " than `spec.containers[*].image`, ... (the double allows metadata changes only)");
        }
      }
      case NAMESPACES -> replacement.set("spec", current.path("spec"));
      case SERVICES -> {
        ServiceSpecs.keepAllocated(current, replacement);
        ServiceSpecs.admit(replacement);
      }
      case CONFIGMAPS, SECRETS -> DataAdmission.admit(kind, replacement, current);
      case SERVICEACCOUNTS -> replacement.remove("status");
      default -> throw KubeApiException.methodNotAllowed();
    }
  }

  private static void validateDeployment(String name, ObjectNode deployment) {
    ResourceKind kind = ResourceKind.DEPLOYMENTS;
    JsonNode spec = deployment.path("spec");
    JsonNode matchLabels = spec.path("selector").path("matchLabels");
    if (!matchLabels.isObject() || matchLabels.isEmpty()) {
      throw KubeApiException.invalid(kind, name, "spec.selector", "Required value");
    }
    Map<String, String> templateLabels = Json.stringMap(spec.path("template").path("metadata").path("labels"));
    if (!LabelSelector.ofLabels(Json.stringMap(matchLabels)).test(templateLabels)) {
      throw KubeApiException.invalid(kind, name, "spec.template.metadata.labels",
          "Invalid value: " + goMap(templateLabels) + ": `selector` does not match template `labels`");
    }
    JsonNode replicas = spec.path("replicas");
    if (!replicas.isMissingNode() && (!replicas.canConvertToInt() || replicas.asInt() < 0)) {
      throw KubeApiException.invalid(kind, name, "spec.replicas",
          "Invalid value: " + replicas + ": must be greater than or equal to 0");
    }
    PodTemplates.validatePodSpec(kind, name, spec.path("template").path("spec"), "spec.template.spec");
  }

  private static void defaultDeployment(ObjectNode deployment) {
    ObjectNode spec = Json.obj(deployment, "spec");
    if (!spec.has("replicas")) {
      spec.put("replicas", 1);
    }
    // field by field, as SetDefaults_Deployment: a pruned default comes back
    ObjectNode strategy = Json.obj(spec, "strategy");
    if (!strategy.hasNonNull("type")) {
      strategy.put("type", "RollingUpdate");
    }
    if (strategy.path("type").asText().equals("RollingUpdate")) {
      ObjectNode rollingUpdate = Json.obj(strategy, "rollingUpdate");
      if (!rollingUpdate.hasNonNull("maxUnavailable")) {
        rollingUpdate.put("maxUnavailable", "25%");
      }
      if (!rollingUpdate.hasNonNull("maxSurge")) {
        rollingUpdate.put("maxSurge", "25%");
      }
    }
    if (!spec.has("revisionHistoryLimit")) {
      spec.put("revisionHistoryLimit", 10);
    }
    if (!spec.has("progressDeadlineSeconds")) {
      spec.put("progressDeadlineSeconds", 600);
    }
    ObjectNode template = Json.obj(spec, "template");
    Json.obj(template, "metadata");
    PodTemplates.defaultPodSpec(Json.obj(template, "spec"));
  }

  private static String goMap(Map<String, String> map) {
    StringBuilder text = new StringBuilder("map[string]string{");
    map.forEach((k, v) -> text.append(text.charAt(text.length() - 1) == '{' ? "" : ", ")
        .append('"').append(k).append("\":\"").append(v).append('"'));
    return text.append('}').toString();
  }
}
