package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * What the API server checks and defaults in a Service before it allocates its addresses
 * ({@link ServiceAddresses}): the type, the ports (protocol TCP, {@code targetPort} = {@code port},
 * names required when there are several), session affinity, traffic policies and IP families.
 */
final class ServiceSpecs {
  private static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName");
  private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

  private ServiceSpecs() {}

  static boolean needsNodePorts(JsonNode spec) {
    String type = spec.path("type").asText("ClusterIP");
    return type.equals("NodePort") || type.equals("LoadBalancer");
  }

  static boolean isHeadless(JsonNode spec) {
    return "None".equals(spec.path("clusterIP").asText());
  }

  /** Defaults and validates {@code service} in place; 422 names the first bad field. */
  static void admit(ObjectNode service) {
    String name = Json.text(service, "metadata", "name");
    ObjectNode spec = Json.obj(service, "spec");
    if (!spec.has("type")) {
      spec.put("type", "ClusterIP");
    }
    String type = spec.path("type").asText();
    if (!TYPES.contains(type)) {
      throw invalid(name, "spec.type", "Unsupported value: \"" + type
          + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    }
    if (type.equals("ExternalName")) {
      if (spec.path("externalName").asText("").isEmpty()) {
        throw invalid(name, "spec.externalName", "Required value");
      }
    } else if (!spec.path("ports").isArray() || spec.path("ports").isEmpty()) {
      if (!isHeadless(spec)) {
        throw invalid(name, "spec.ports", "Required value");
      }
    }
    admitPorts(name, spec, type);
    putIfAbsent(spec, "sessionAffinity", "None");
    if (!type.equals("ExternalName")) {
      putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
      if (!spec.has("ipFamilies")) {
        spec.putArray("ipFamilies").add("IPv4");
      }
      putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
    }
    if (needsNodePorts(spec)) {
      putIfAbsent(spec, "externalTrafficPolicy", "Cluster");
    }
    if (type.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
      spec.put("allocateLoadBalancerNodePorts", true);
    }
    Json.obj(Json.obj(service, "status"), "loadBalancer");
  }

  private static void admitPorts(String name, ObjectNode spec, String type) {
    Set<String> names = new HashSet<>();
    int size = spec.path("ports").size();
    for (int i = 0; i < size; i++) {
      if (!(spec.get("ports").get(i) instanceof ObjectNode port)) {
        throw invalid(name, "spec.ports[" + i + "]", "Invalid value: must be an object");
      }
      String field = "spec.ports[" + i + "]";
      String portName = port.path("name").asText("");
      if (size > 1 && portName.isEmpty()) {
        throw invalid(name, field + ".name", "Required value");
      }
      if (!portName.isEmpty() && !names.add(portName)) {
        throw invalid(name, field + ".name", "Duplicate value: \"" + portName + "\"");
      }
      JsonNode number = port.path("port");
      if (!number.canConvertToInt() || number.asInt() < 1 || number.asInt() > 65535) {
        throw invalid(name, field + ".port", "Invalid value: " + number + ": must be between 1 and 65535, inclusive");
      }
      putIfAbsent(port, "protocol", "TCP");
      if (!PROTOCOLS.contains(port.path("protocol").asText())) {
        throw invalid(name, field + ".protocol", "Unsupported value: \"" + port.path("protocol").asText()
            + "\": supported values: \"SCTP\", \"TCP\", \"UDP\"");
      }
      if (!port.has("targetPort")) {
        port.put("targetPort", number.asInt());
      }
      if (port.has("nodePort") && !needsNodePorts(spec)) {
        throw invalid(name, field + ".nodePort", "Forbidden: may not be used when `type` is '" + type + "'");
      }
    }
  }

  /**
   * What the API server does to an update before validating it: the addresses it allocated stay
   * when the new object leaves them out, and node ports go when the new type has none.
   */
  static void keepAllocated(JsonNode current, ObjectNode candidate) {
    JsonNode was = current.path("spec");
    ObjectNode spec = Json.obj(candidate, "spec");
    if (!spec.hasNonNull("clusterIP") && was.has("clusterIP")) {
      spec.set("clusterIP", was.get("clusterIP"));
    }
    if (!spec.hasNonNull("clusterIPs") && was.has("clusterIPs")) {
      spec.set("clusterIPs", was.get("clusterIPs"));
    }
    boolean hadNodePorts = needsNodePorts(was);
    for (JsonNode port : spec.path("ports")) {
      JsonNode old = matching(was.path("ports"), port);
      if (port instanceof ObjectNode object) {
        if (!needsNodePorts(spec) && hadNodePorts && old != null && old.path("nodePort").equals(port.path("nodePort"))) {
          object.remove("nodePort");
        } else if (needsNodePorts(spec) && !port.has("nodePort") && old != null && old.has("nodePort")) {
          object.set("nodePort", old.get("nodePort"));
        }
      }
    }
  }

  private static JsonNode matching(JsonNode ports, JsonNode port) {
    for (JsonNode candidate : ports) {
      if (candidate.path("port").asInt() == port.path("port").asInt()
          && candidate.path("protocol").asText("TCP").equals(port.path("protocol").asText("TCP"))) {
        return candidate;
      }
    }
    return null;
  }

  static KubeApiException invalid(String name, String field, String detail) {
    return KubeApiException.invalid(ResourceKind.SERVICES, name, field, detail);
  }

  private static void putIfAbsent(ObjectNode node, String field, String value) {
    if (!node.hasNonNull(field)) {
      node.put(field, value);
    }
  }
}
