package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;

/**
 * What the API server and the ReplicaSet controller do to a pod spec: defaulting, the
 * {@code pod-template-hash}, generated names ({@code web-7d4b9c8f6d-x2k9p}) and the initial
 * Pending status.
 */
final class PodTemplates {
  /** Kubernetes' "safe" alphabet for generated names: no vowels, no 0/1/3 (utilrand). */
  private static final String ALPHANUMS = "bcdfghjklmnpqrstvwxz2456789";

  static final String NODE_NAME = "liveupdate-double";

  private static final SecureRandom RANDOM = new SecureRandom();

  private PodTemplates() {}

  /** Random suffix of {@code length} characters, as generateName gets from the API server. */
  static String randomSuffix(int length) {
    StringBuilder suffix = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      suffix.append(ALPHANUMS.charAt(RANDOM.nextInt(ALPHANUMS.length())));
    }
    return suffix.toString();
  }

  /**
   * The pod-template-hash label value: FNV-1a 32 of the template, its decimal digits mapped onto
   * the safe alphabet, like the Deployment controller's ComputeHash + SafeEncodeString. The
   * controller hashes the decoded object, so the order of fields in the JSON does not count:
   * fields are sorted first (a JSON patch "replace" re-adds a field at the end).
   */
  static String templateHash(JsonNode template) {
    int hash = 0x811c9dc5;
    for (byte b : Json.bytes(sorted(template))) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    String decimal = Long.toString(Integer.toUnsignedLong(hash));
    StringBuilder encoded = new StringBuilder();
    for (char c : decimal.toCharArray()) {
      encoded.append(ALPHANUMS.charAt(c % ALPHANUMS.length()));
    }
    return encoded.toString();
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = Json.object();
      java.util.SortedSet<String> keys = new java.util.TreeSet<>();
      node.fieldNames().forEachRemaining(keys::add);
      keys.forEach(key -> copy.set(key, sorted(node.get(key))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = Json.array();
      node.forEach(element -> copy.add(sorted(element)));
      return copy;
    }
    return node;
  }

  /** Applies the API server's defaults to a pod spec, in place. */
  static void defaultPodSpec(ObjectNode spec) {
    for (String list : new String[] {"initContainers", "containers"}) {
      if (spec.get(list) instanceof ArrayNode containers) {
        for (JsonNode container : containers) {
          defaultContainer((ObjectNode) container);
        }
      }
    }
    putIfAbsent(spec, "restartPolicy", "Always");
    if (!spec.has("terminationGracePeriodSeconds")) {
      spec.put("terminationGracePeriodSeconds", 30);
    }
    putIfAbsent(spec, "dnsPolicy", "ClusterFirst");
    putIfAbsent(spec, "serviceAccountName", "default");
    putIfAbsent(spec, "serviceAccount", spec.path("serviceAccountName").asText());
    if (!spec.has("securityContext")) {
      spec.putObject("securityContext");
    }
    putIfAbsent(spec, "schedulerName", "default-scheduler");
    if (!spec.has("enableServiceLinks")) {
      spec.put("enableServiceLinks", true);
    }
    if (!spec.has("priority")) {
      spec.put("priority", 0);
    }
    putIfAbsent(spec, "preemptionPolicy", "PreemptLowerPriority");
  }

  private static void defaultContainer(ObjectNode container) {
    if (!container.has("resources")) {
      container.putObject("resources");
    }
    putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
    putIfAbsent(container, "terminationMessagePolicy", "File");
    String image = container.path("image").asText("");
    String lastSegment = image.substring(image.lastIndexOf('/') + 1);
    boolean latest = !image.contains("@") && (!lastSegment.contains(":") || lastSegment.endsWith(":latest"));
    putIfAbsent(container, "imagePullPolicy", latest ? "Always" : "IfNotPresent");
    for (String kind : PROBES) {
      if (container.get(kind) instanceof ObjectNode probe) {
        defaultProbe(probe);
      }
    }
  }

  private static final String[] PROBES = {"readinessProbe", "livenessProbe", "startupProbe"};
  private static final String[] HANDLERS = {"exec", "httpGet", "tcpSocket", "grpc"};

  /** The API server's probe defaults: timeout 1 s, period 10 s, thresholds 1 and 3, GET / over HTTP. */
  private static void defaultProbe(ObjectNode probe) {
    for (String[] field : new String[][] {{"timeoutSeconds", "1"}, {"periodSeconds", "10"},
        {"successThreshold", "1"}, {"failureThreshold", "3"}}) {
      if (!probe.hasNonNull(field[0]) || probe.path(field[0]).asInt() == 0) {
        probe.put(field[0], Integer.parseInt(field[1]));
      }
    }
    if (probe.get("httpGet") instanceof ObjectNode httpGet) {
      putIfAbsent(httpGet, "path", "/");
      putIfAbsent(httpGet, "scheme", "HTTP");
    }
  }

  /** What the API server checks of a probe: one handler, non-negative numbers; grpc is not run by the double. */
  private static void validateProbe(ResourceKind kind, String name, JsonNode probe, String field) {
    int handlers = 0;
    for (String handler : HANDLERS) {
      if (probe.has(handler)) {
        if (++handlers > 1) {
          throw KubeApiException.invalid(kind, name, field + "." + handler,
              "Forbidden: may not specify more than 1 handler type");
        }
      }
    }
    if (handlers == 0) {
      throw KubeApiException.invalid(kind, name, field, "Required value: must specify a handler type");
    }
    if (probe.has("grpc")) {
      throw KubeApiException.invalid(kind, name, field + ".grpc", "Unsupported value: the test double runs exec,"
          + " httpGet and tcpSocket probes only");
    }
    for (String number : new String[] {"initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
        "failureThreshold"}) {
      JsonNode value = probe.path(number);
      if (!value.isMissingNode() && (!value.canConvertToInt() || value.asInt() < 0)) {
        throw KubeApiException.invalid(kind, name, field + "." + number,
            "Invalid value: " + value + ": must be greater than or equal to 0");
      }
    }
    for (String handler : new String[] {"httpGet", "tcpSocket"}) {
      if (probe.has(handler) && probe.path(handler).path("port").asText("").isEmpty()) {
        throw KubeApiException.invalid(kind, name, field + "." + handler + ".port", "Required value");
      }
    }
  }

  /** Validates what the API server validates for our purposes; 422 names the field. */
  static void validatePodSpec(ResourceKind kind, String name, JsonNode spec, String path) {
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      throw KubeApiException.invalid(kind, name, path + ".containers", "Required value");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      JsonNode container = containers.get(i);
      String field = path + ".containers[" + i + "]";
      String containerName = container.path("name").asText("");
      if (!containerName.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        throw KubeApiException.invalid(kind, name, field + ".name",
            containerName.isEmpty() ? "Required value" : "Invalid value: \"" + containerName
                + "\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
      }
      if (!names.add(containerName)) {
        throw KubeApiException.invalid(kind, name, field + ".name", "Duplicate value: \"" + containerName + "\"");
      }
      if (container.path("image").asText("").isBlank()) {
        throw KubeApiException.invalid(kind, name, field + ".image", "Required value");
      }
      for (String probe : PROBES) {
        if (container.has(probe)) {
          validateProbe(kind, name, container.get(probe), field + "." + probe);
        }
      }
    }
  }

  /** The status a pod has when the API server has just accepted and "scheduled" it. */
  static ObjectNode pendingStatus(JsonNode spec) {
    ObjectNode status = Json.object();
    status.put("phase", "Pending");
    ArrayNode conditions = status.putArray("conditions");
    ObjectNode scheduled = conditions.addObject();
    scheduled.put("type", "PodScheduled");
    scheduled.put("status", "True");
    scheduled.putNull("lastProbeTime");
    scheduled.put("lastTransitionTime", Json.now());
    status.put("hostIP", "127.0.0.1");
    status.putArray("hostIPs").addObject().put("ip", "127.0.0.1");
    status.put("startTime", Json.now());
    ArrayNode statuses = status.putArray("containerStatuses");
    for (JsonNode container : spec.path("containers")) {
      ObjectNode containerStatus = statuses.addObject();
      containerStatus.put("name", container.path("name").asText());
      containerStatus.putObject("state").putObject("waiting").put("reason", "ContainerCreating");
      containerStatus.putObject("lastState");
      containerStatus.put("ready", false);
      containerStatus.put("restartCount", 0);
      containerStatus.put("image", container.path("image").asText());
      containerStatus.put("imageID", "");
      containerStatus.put("started", false);
    }
    status.put("qosClass", "BestEffort");
    return status;
  }

  private static void putIfAbsent(ObjectNode node, String field, String value) {
    if (!node.hasNonNull(field)) {
      node.put(field, value);
    }
  }
}
