package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * {@code pods/{name}/exec}: checks the request as the API server and kubelet do (pod, container,
 * state, command, subprotocol) and answers errors as Status JSON before any upgrade; then upgrades
 * to a WebSocket served by an {@link ExecSession}.
 */
final class ExecEndpoint {
  private final ObjectStore store;
  private final PodRuntime runtime;
  private final ExecutorService threads;
  private final AtomicInteger openSessions;
  private final BooleanSupplier denyExec;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile ServerWebSocketContainer container;

  ExecEndpoint(ObjectStore store, PodRuntime runtime, ExecutorService threads, AtomicInteger openSessions,
      BooleanSupplier denyExec) {
    this.store = store;
    this.runtime = runtime;
    this.threads = threads;
    this.openSessions = openSessions;
    this.denyExec = denyExec;
  }

  void setContainer(ServerWebSocketContainer container) {
    this.container = container;
  }

  /** Returns true if the upgrade was started; throws a KubeApiException to be answered as JSON. */
  boolean handle(ApiRequest request, Response response, Callback callback) throws Exception {
    ApiPath path = request.apiPath;
    ObjectNode pod = store.get(ResourceKind.PODS, path.namespace(), path.name());
    if (denyExec.getAsBoolean()) {
      ObjectNode details = Json.object().put("name", path.name()).put("kind", "pods");
      throw new KubeApiException(403, "Forbidden", "pods \"" + path.name() + "\" is forbidden: User \"liveupdate-test\""
          + " cannot create resource \"pods/exec\" in API group \"\" in the namespace \"" + path.namespace() + "\"", details);
    }
    String containerName = containerName(pod, request.param("container"));
    String phase = pod.path("status").path("phase").asText();
    if (phase.equals("Succeeded") || phase.equals("Failed")) {
      throw KubeApiException.badRequest("cannot exec into a container in a completed pod; current phase is " + phase);
    }
    List<String> command = request.query.getValues("command");
    if (command == null || command.isEmpty()) {
      throw KubeApiException.badRequest("you must specify at least one command for the container");
    }
    boolean stdin = request.flag("stdin");
    boolean stdout = request.flag("stdout");
    boolean stderr = request.flag("stderr");
    if (!stdin && !stdout && !stderr) {
      throw KubeApiException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
    }
    String containerId = runtime.containerId(path.namespace(), path.name(), containerName)
        .filter(id -> isRunning(pod, containerName))
        .orElseThrow(() -> new KubeApiException(404, "NotFound",
            "unable to upgrade connection: container not found (\"" + containerName + "\")", null));
    String upgrade = request.header(HttpHeader.UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw KubeApiException.badRequest("Upgrade request required (the double speaks WebSocket, not SPDY)");
    }
    ExecProtocol protocol = ExecProtocol.negotiate(offeredProtocols(request));
    List<String> argv = new ArrayList<>(command);
    return container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      if (request.header(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL) != null) {
        upgradeResponse.setAcceptedSubProtocol(protocol.header());
      }
      return new ExecSession(containerId, argv, stdin, stdout, stderr, protocol, threads,
          openSessions::incrementAndGet, openSessions::decrementAndGet, running);
    }, request.jetty, response, callback);
  }

  /** Commands still running, whether or not their client is still there. */
  int runningCommands() {
    running.removeIf(process -> !process.isAlive());
    return running.size();
  }

  /** Ends the commands still running: the double is closing. */
  void close() {
    for (Process process : running) {
      process.destroyForcibly();
    }
    running.clear();
  }

  /** The API server's rules: the named container, or the only one, or an error listing them. */
  static String containerName(JsonNode pod, String requested) {
    String podName = Json.text(pod, "metadata", "name");
    List<String> names = new ArrayList<>();
    pod.path("spec").path("containers").forEach(c -> names.add(c.path("name").asText()));
    if (requested == null || requested.isEmpty()) {
      if (names.size() == 1) {
        return names.get(0);
      }
      throw KubeApiException.badRequest("a container name must be specified for pod " + podName
          + ", choose one of: [" + String.join(" ", names) + "]");
    }
    if (!names.contains(requested)) {
      throw KubeApiException.badRequest("container " + requested + " is not valid for pod " + podName);
    }
    return requested;
  }

  private static boolean isRunning(JsonNode pod, String containerName) {
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (containerName.equals(status.path("name").asText())) {
        return status.path("state").has("running");
      }
    }
    return false;
  }

  private static List<String> offeredProtocols(ApiRequest request) {
    List<String> offered = new ArrayList<>();
    for (String header : request.jetty.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)) {
      for (String value : header.split(",")) {
        if (!value.isBlank()) {
          offered.add(value.trim());
        }
      }
    }
    return offered;
  }
}
