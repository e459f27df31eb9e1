package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for, with
 * the columns the API server's printers give pods, deployments, replicasets and namespaces.
 */
final class Tables {
  private Tables() {}

  /** True when the Accept header asks for a Table (kubectl get does). */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  static ObjectNode table(ResourceKind kind, List<? extends JsonNode> objects, String includeObject,
      boolean withColumns, long resourceVersion) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table.putObject("metadata").put("resourceVersion", Long.toString(resourceVersion));
    if (withColumns) {
      ArrayNode columns = table.putArray("columnDefinitions");
      for (String[] column : columns(kind)) {
        ObjectNode definition = columns.addObject();
        definition.put("name", column[0]);
        definition.put("type", column[1]);
        definition.put("format", column[0].equals("Name") ? "name" : "");
        definition.put("description", column[0]);
        definition.put("priority", Integer.parseInt(column[2]));
      }
    } else {
      table.putNull("columnDefinitions");
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      cells(kind, object).forEach(cell -> {
        if (cell instanceof Integer i) {
          cells.add(i);
        } else {
          cells.add(String.valueOf(cell));
        }
      });
      if ("Object".equals(includeObject)) {
        row.set("object", object);
      } else if (!"None".equals(includeObject)) {
        ObjectNode partial = row.putObject("object");
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", object.get("metadata"));
      }
    }
    return table;
  }

  private static List<String[]> columns(ResourceKind kind) {
    return switch (kind) {
      case PODS -> List.of(col("Name", "string", 0), col("Ready", "string", 0), col("Status", "string", 0),
          col("Restarts", "string", 0), col("Age", "string", 0), col("IP", "string", 1), col("Node", "string", 1));
      case DEPLOYMENTS -> List.of(col("Name", "string", 0), col("Ready", "string", 0), col("Up-to-date", "integer", 0),
          col("Available", "integer", 0), col("Age", "string", 0), col("Containers", "string", 1),
          col("Images", "string", 1), col("Selector", "string", 1));
      case REPLICASETS -> List.of(col("Name", "string", 0), col("Desired", "integer", 0), col("Current", "integer", 0),
          col("Ready", "integer", 0), col("Age", "string", 0), col("Containers", "string", 1),
          col("Images", "string", 1), col("Selector", "string", 1));
      case NAMESPACES -> List.of(col("Name", "string", 0), col("Status", "string", 0), col("Age", "string", 0));
      case SERVICES -> List.of(col("Name", "string", 0), col("Type", "string", 0), col("Cluster-IP", "string", 0),
          col("External-IP", "string", 0), col("Port(s)", "string", 0), col("Age", "string", 0),
          col("Selector", "string", 1));
      case CONFIGMAPS -> List.of(col("Name", "string", 0), col("Data", "integer", 0), col("Age", "string", 0));
      case SECRETS -> List.of(col("Name", "string", 0), col("Type", "string", 0), col("Data", "integer", 0),
          col("Age", "string", 0));
      case SERVICEACCOUNTS -> List.of(col("Name", "string", 0), col("Secrets", "integer", 0), col("Age", "string", 0));
    };
  }

  private static List<Object> cells(ResourceKind kind, JsonNode o) {
    String name = Json.text(o, "metadata", "name");
    String age = age(Json.text(o, "metadata", "creationTimestamp"));
    JsonNode status = o.path("status");
    return switch (kind) {
      case PODS -> List.of(name, podReady(o), podStatus(o), restarts(o), age,
          status.path("podIP").asText("<none>"), o.path("spec").path("nodeName").asText("<none>"));
      case DEPLOYMENTS -> List.of(name,
          status.path("readyReplicas").asInt(0) + "/" + o.path("spec").path("replicas").asInt(1),
          status.path("updatedReplicas").asInt(0), status.path("availableReplicas").asInt(0), age,
          containerField(o, "name"), containerField(o, "image"), selector(o));
      case REPLICASETS -> List.of(name, o.path("spec").path("replicas").asInt(0), status.path("replicas").asInt(0),
          status.path("readyReplicas").asInt(0), age, containerField(o, "name"), containerField(o, "image"), selector(o));
      case NAMESPACES -> List.of(name, status.path("phase").asText("Active"), age);
      case SERVICES -> List.of(name, o.path("spec").path("type").asText("ClusterIP"),
          o.path("spec").path("clusterIP").asText("<none>"), externalIp(o), servicePorts(o), age,
          mapText(o.path("spec").path("selector")));
      case CONFIGMAPS -> List.of(name, o.path("data").size() + o.path("binaryData").size(), age);
      case SECRETS -> List.of(name, o.path("type").asText("Opaque"), o.path("data").size(), age);
      case SERVICEACCOUNTS -> List.of(name, o.path("secrets").size(), age);
    };
  }

  private static String externalIp(JsonNode service) {
    JsonNode spec = service.path("spec");
    return switch (spec.path("type").asText("ClusterIP")) {
      case "ExternalName" -> spec.path("externalName").asText();
      case "LoadBalancer" -> service.path("status").path("loadBalancer").path("ingress").isEmpty() ? "<pending>"
          : service.path("status").path("loadBalancer").path("ingress").path(0).path("ip").asText();
      default -> spec.path("externalIPs").isEmpty() ? "<none>" : String.join(",", texts(spec.path("externalIPs")));
    };
  }

  /** {@code 80/TCP,443:30443/TCP}, as kubectl prints a Service's ports. */
  private static String servicePorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      ports.add(port.path("port").asText() + (port.has("nodePort") ? ":" + port.path("nodePort").asText() : "")
          + "/" + port.path("protocol").asText("TCP"));
    }
    return ports.isEmpty() ? "<none>" : String.join(",", ports);
  }

  private static String mapText(JsonNode map) {
    List<String> parts = new ArrayList<>();
    map.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    return parts.isEmpty() ? "<none>" : String.join(",", parts);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static String podReady(JsonNode pod) {
    int ready = 0;
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      ready += cs.path("ready").asBoolean() ? 1 : 0;
    }
    return ready + "/" + pod.path("spec").path("containers").size();
  }

  /** The STATUS column: Terminating, a container's waiting/terminated reason, or the phase. */
  static String podStatus(JsonNode pod) {
    if (pod.path("metadata").has("deletionTimestamp")) {
      return "Terminating";
    }
    String reason = pod.path("status").path("phase").asText("Pending");
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      JsonNode state = cs.path("state");
      if (state.has("waiting") && !state.path("waiting").path("reason").asText().isEmpty()) {
        reason = state.path("waiting").path("reason").asText();
      } else if (state.has("terminated")) {
        reason = state.path("terminated").path("reason").asText("Error");
      }
    }
    return reason;
  }

  private static String restarts(JsonNode pod) {
    int restarts = 0;
    for (JsonNode cs : pod.path("status").path("containerStatuses")) {
      restarts += cs.path("restartCount").asInt();
    }
    return Integer.toString(restarts);
  }

  private static String containerField(JsonNode o, String field) {
    List<String> values = new ArrayList<>();
    o.path("spec").path("template").path("spec").path("containers").forEach(c -> values.add(c.path(field).asText()));
    return String.join(",", values);
  }

  private static String selector(JsonNode o) {
    List<String> parts = new ArrayList<>();
    o.path("spec").path("selector").path("matchLabels").fields()
        .forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
    return String.join(",", parts);
  }

  /** apimachinery's HumanDuration: 5s, 2m3s, 15m, 3h20m, 2d4h, ... */
  static String age(String timestamp) {
    if (timestamp == null) {
      return "<unknown>";
    }
    long seconds = Duration.between(Instant.parse(timestamp), Instant.now()).getSeconds();
    if (seconds < 0) {
      return "0s";
    }
    long minutes = seconds / 60;
    long hours = minutes / 60;
    if (seconds < 120) {
      return seconds + "s";
    } else if (minutes < 10) {
      return seconds % 60 == 0 ? minutes + "m" : minutes + "m" + seconds % 60 + "s";
    } else if (minutes < 180) {
      return minutes + "m";
    } else if (hours < 8) {
      return minutes % 60 == 0 ? hours + "h" : hours + "h" + minutes % 60 + "m";
    } else if (hours < 48) {
      return hours + "h";
    } else if (hours < 24 * 8) {
      return hours % 24 == 0 ? hours / 24 + "d" : hours / 24 + "d" + hours % 24 + "h";
    }
    return hours / 24 + "d";
  }

  private static String[] col(String name, String type, int priority) {
    return new String[] {name, type, Integer.toString(priority)};
  }
}
