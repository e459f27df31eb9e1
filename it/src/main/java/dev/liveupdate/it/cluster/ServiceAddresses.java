package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;

/**
 * The API server's Service address allocators: a cluster IP from the service CIDR
 * {@value #CIDR} (handed out in order from {@code 10.96.0.2}; {@code 10.96.0.1} is the
 * {@code kubernetes} Service's) and node ports from 30000-32767. The addresses are fake: nothing
 * routes them, the double does not proxy Service traffic. A Service keeps its addresses for its
 * life; they are freed when it is deleted.
 */
final class ServiceAddresses {
  static final String CIDR = "10.96.0.0/12";
  static final String KUBERNETES_IP = "10.96.0.1";

  private static final int BASE = (10 << 24) | (96 << 16);
  private static final int SIZE = 1 << 20;
  private static final int NODE_PORT_MIN = 30000;
  private static final int NODE_PORT_MAX = 32767;

  private final Set<Integer> ips = new HashSet<>();
  private final Set<Integer> nodePorts = new HashSet<>();
  private int nextIp = 2;
  private int nextNodePort = NODE_PORT_MIN;

  /** Gives a new Service the addresses its spec asks for, or refuses with the API server's 422. */
  synchronized void allocate(ObjectNode service) {
    String name = Json.text(service, "metadata", "name");
    ObjectNode spec = Json.obj(service, "spec");
    if (spec.path("type").asText().equals("ExternalName")) {
      return;
    }
    if (!ServiceSpecs.isHeadless(spec)) {
      String requested = spec.path("clusterIP").asText("");
      int ip = requested.isEmpty() ? freeIp() : requestedIp(name, requested);
      spec.put("clusterIP", text(ip));
    }
    spec.putArray("clusterIPs").add(spec.path("clusterIP").asText());
    allocateNodePorts(name, spec, null);
  }

  /** An update: node ports for a type that now needs them; a changed cluster IP is refused. */
  synchronized void reallocate(JsonNode current, ObjectNode candidate) {
    String name = Json.text(candidate, "metadata", "name");
    String was = current.path("spec").path("clusterIP").asText("");
    String is = candidate.path("spec").path("clusterIP").asText("");
    if (!was.equals(is)) {
      throw ServiceSpecs.invalid(name, "spec.clusterIPs[0]", "Invalid value: []string{\"" + is
          + "\"}: may not change once set");
    }
    allocateNodePorts(name, Json.obj(candidate, "spec"), current.path("spec"));
    for (JsonNode port : current.path("spec").path("ports")) {
      if (port.has("nodePort") && !usesNodePort(candidate.path("spec"), port.path("nodePort").asInt())) {
        nodePorts.remove(port.path("nodePort").asInt());
      }
    }
  }

  /** Frees what a deleted Service held. */
  synchronized void release(JsonNode service) {
    String ip = service.path("spec").path("clusterIP").asText("");
    if (ip.matches("[0-9.]+")) {
      ips.remove(parse(ip) - BASE);
    }
    for (JsonNode port : service.path("spec").path("ports")) {
      nodePorts.remove(port.path("nodePort").asInt());
    }
  }

  private void allocateNodePorts(String name, ObjectNode spec, JsonNode previous) {
    if (!ServiceSpecs.needsNodePorts(spec)) {
      return;
    }
    int size = spec.path("ports").size();
    for (int i = 0; i < size; i++) {
      ObjectNode port = (ObjectNode) spec.get("ports").get(i);
      if (!port.has("nodePort")) {
        port.put("nodePort", freeNodePort());
        continue;
      }
      int requested = port.path("nodePort").asInt();
      if (previous != null && usesNodePort(previous, requested)) {
        continue;
      }
      if (requested < NODE_PORT_MIN || requested > NODE_PORT_MAX) {
        throw ServiceSpecs.invalid(name, "spec.ports[" + i + "].nodePort", "Invalid value: " + requested
            + ": provided port is not in the valid range. The range of valid ports is 30000-32767");
      }
      if (!nodePorts.add(requested)) {
        throw ServiceSpecs.invalid(name, "spec.ports[" + i + "].nodePort", "Invalid value: " + requested
            + ": provided port is already allocated");
      }
    }
  }

  private static boolean usesNodePort(JsonNode spec, int nodePort) {
    for (JsonNode port : spec.path("ports")) {
      if (port.path("nodePort").asInt() == nodePort) {
        return true;
      }
    }
    return false;
  }

  private int requestedIp(String name, String requested) {
    if (!requested.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || parse(requested) - BASE < 0
        || parse(requested) - BASE >= SIZE) {
      throw ServiceSpecs.invalid(name, "spec.clusterIPs", "Invalid value: []string{\"" + requested
          + "\"}: failed to allocate IP " + requested + ": the provided IP (" + requested
          + ") is not in the valid range. The range of valid IPs is " + CIDR);
    }
    int offset = parse(requested) - BASE;
    if (!ips.add(offset)) {
      throw ServiceSpecs.invalid(name, "spec.clusterIPs", "Invalid value: []string{\"" + requested
          + "\"}: failed to allocate IP " + requested + ": provided IP is already allocated");
    }
    return offset;
  }

  private int freeIp() {
    for (int tries = 0; tries < SIZE; tries++) {
      int candidate = nextIp;
      nextIp = nextIp + 1 >= SIZE - 1 ? 2 : nextIp + 1;
      if (ips.add(candidate)) {
        return candidate;
      }
    }
    throw KubeApiException.internal("the service CIDR " + CIDR + " is full");
  }

  private int freeNodePort() {
    for (int tries = 0; tries <= NODE_PORT_MAX - NODE_PORT_MIN; tries++) {
      int candidate = nextNodePort;
      nextNodePort = nextNodePort == NODE_PORT_MAX ? NODE_PORT_MIN : nextNodePort + 1;
      if (nodePorts.add(candidate)) {
        return candidate;
      }
    }
    throw KubeApiException.internal("no node port is free in 30000-32767");
  }

  private static String text(int offset) {
    int ip = BASE + offset;
    return (ip >>> 24) + "." + ((ip >>> 16) & 0xff) + "." + ((ip >>> 8) & 0xff) + "." + (ip & 0xff);
  }

  private static int parse(String ip) {
    int value = 0;
    for (String part : ip.split("\\.")) {
      value = (value << 8) | (Integer.parseInt(part) & 0xff);
    }
    return value;
  }
}
