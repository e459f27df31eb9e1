package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The API objects of a {@link TestCluster} as tests read and write them: JSON trees through the
 * double's REST API, as a client sees them (a Service with its {@code spec.clusterIP}, an object's
 * {@code metadata.managedFields}, which client-java hides by default). A resource is named by its
 * plural ({@code services}, {@code configmaps}, {@code deployments}); the double serves
 * namespaces, pods, services, configmaps, secrets, serviceaccounts, deployments and replicasets.
 */
public final class ClusterObjects {
  private final DoubleClient client;

  ClusterObjects(DoubleClient client) {
    this.client = client;
  }

  /** The object, or empty if there is none: {@code find("services", "default", "web")}. */
  public Optional<JsonNode> find(String resource, String namespace, String name) {
    return client.find(path(kind(resource), namespace) + "/" + name);
  }

  /** The objects of a namespace (all namespaces if null) matching a label selector (all if null). */
  public List<JsonNode> list(String resource, String namespace, String labelSelector) {
    String query = labelSelector == null ? "" : "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
    List<JsonNode> items = new ArrayList<>();
    client.get(path(kind(resource), namespace) + query).path("items").forEach(items::add);
    return items;
  }

  /**
   * Applies one YAML document server-side ({@code application/apply-patch+yaml}) as
   * {@code fieldManager}, creating the object if absent; returns it. Fails with the server's
   * message on a conflict or an invalid object.
   */
  public JsonNode apply(String yaml, String fieldManager) {
    JsonNode object = Yaml.parse(yaml.getBytes(StandardCharsets.UTF_8));
    ResourceKind kind = null;
    for (ResourceKind candidate : ResourceKind.values()) {
      if (candidate.kind().equals(object.path("kind").asText()) && candidate.apiVersion()
          .equals(object.path("apiVersion").asText())) {
        kind = candidate;
      }
    }
    if (kind == null) {
      throw new IllegalArgumentException("the double serves no " + object.path("apiVersion").asText() + " "
          + object.path("kind").asText());
    }
    String namespace = kind.namespaced() ? object.path("metadata").path("namespace").asText("default") : null;
    return client.apply(path(kind, namespace) + "/" + object.path("metadata").path("name").asText(), yaml,
        fieldManager);
  }

  /** Deletes an object (propagation Background, as kubectl's default). */
  public void delete(String resource, String namespace, String name) {
    client.delete(path(kind(resource), namespace) + "/" + name);
  }

  /** The managers of an object's managedFields, in order, as {@code manager/operation}: {@code liveupdate/Apply}. */
  public static List<String> managers(JsonNode object) {
    List<String> managers = new ArrayList<>();
    object.path("metadata").path("managedFields").forEach(entry -> managers.add(entry.path("manager").asText() + "/"
        + entry.path("operation").asText()));
    return managers;
  }

  private static ResourceKind kind(String resource) {
    for (ResourceKind kind : ResourceKind.values()) {
      if (kind.plural().equals(resource)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("the double serves no resource '" + resource + "'");
  }

  private static String path(ResourceKind kind, String namespace) {
    String prefix = kind.group().isEmpty() ? "/api/v1" : "/apis/" + kind.apiVersion();
    return prefix + (kind.namespaced() && namespace != null ? "/namespaces/" + namespace : "") + "/" + kind.plural();
  }
}
