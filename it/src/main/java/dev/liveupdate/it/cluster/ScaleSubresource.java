package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** {@code deployments/{name}/scale}: an autoscaling/v1 Scale; a PUT or PATCH of it changes only spec.replicas. */
final class ScaleSubresource {
  private final ResourceApi resources;

  ScaleSubresource(ResourceApi resources) {
    this.resources = resources;
  }

  JsonNode handle(ApiRequest request) {
    ApiPath path = request.apiPath;
    return switch (request.method) {
      case "GET" -> scale(resources.get(path));
      case "PUT" -> update(path, request.body(), WriteOptions.of(request, false));
      case "PATCH" -> update(path, Patches.apply(request.header(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE),
          scale(resources.get(path)), request.body()), WriteOptions.of(request, false));
      default -> throw KubeApiException.methodNotAllowed();
    };
  }

  private ObjectNode update(ApiPath path, JsonNode scale, WriteOptions options) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      throw KubeApiException.invalid(ResourceKind.DEPLOYMENTS, path.name(), "spec.replicas",
          "Invalid value: " + replicas + ": must be greater than or equal to 0");
    }
    return scale(resources.patchReplicas(path, replicas.asInt(), options));
  }

  static ObjectNode scale(ObjectNode deployment) {
    ObjectNode scale = Json.object();
    scale.put("kind", "Scale");
    scale.put("apiVersion", "autoscaling/v1");
    ObjectNode metadata = scale.putObject("metadata");
    for (String field : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
      metadata.set(field, deployment.path("metadata").get(field));
    }
    scale.putObject("spec").put("replicas", deployment.path("spec").path("replicas").asInt(1));
    ObjectNode status = scale.putObject("status");
    status.put("replicas", deployment.path("status").path("replicas").asInt(0));
    List<String> selector = new ArrayList<>();
    deployment.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> selector.add(e.getKey() + "=" + e.getValue().asText()));
    status.put("selector", String.join(",", selector));
    return scale;
  }
}
