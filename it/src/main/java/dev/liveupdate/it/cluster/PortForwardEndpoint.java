package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * {@code GET pods/{name}/portforward?ports=8080[&ports=...]} over WebSocket, as the kubelet serves
 * it: the subprotocols {@code v4.channel.k8s.io} (binary), {@code v4.base64.channel.k8s.io} and
 * none (binary); anything else, SPDY included, is refused before the upgrade with a Status. Then a
 * {@link PortForwardSession} proxies each port to the pod's IP.
 */
final class PortForwardEndpoint {
  static final String BINARY = "v4.channel.k8s.io";
  static final String BASE64 = "v4.base64.channel.k8s.io";

  private final ObjectStore store;
  private final PodRuntime runtime;
  private final ExecutorService threads;
  private final AtomicInteger openSessions;
  private volatile ServerWebSocketContainer container;

  PortForwardEndpoint(ObjectStore store, PodRuntime runtime, ExecutorService threads, AtomicInteger openSessions) {
    this.store = store;
    this.runtime = runtime;
    this.threads = threads;
    this.openSessions = openSessions;
  }

  void setContainer(ServerWebSocketContainer container) {
    this.container = container;
  }

  boolean handle(ApiRequest request, Response response, Callback callback) throws Exception {
    ApiPath path = request.apiPath;
    ObjectNode pod = store.get(ResourceKind.PODS, path.namespace(), path.name());
    String upgrade = request.header(HttpHeader.UPGRADE);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      throw KubeApiException.badRequest("Upgrade request required (the double serves port-forward over WebSocket"
          + " only, not SPDY)");
    }
    String protocol = negotiate(offeredProtocols(request));
    List<Integer> ports = ports(request.query.getValues("ports"));
    PodRuntime.Sandbox sandbox = runtime.sandbox(path.namespace(), path.name()).orElseThrow(() ->
        KubeApiException.badRequest("unable to upgrade connection: pod " + path.name() + " has no running sandbox"
            + " (phase " + pod.path("status").path("phase").asText("Pending") + ")"));
    return container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
      if (!protocol.isEmpty()) {
        upgradeResponse.setAcceptedSubProtocol(protocol);
      }
      return new PortForwardSession(sandbox, ports, !protocol.equals(BASE64), threads,
          openSessions::incrementAndGet, openSessions::decrementAndGet);
    }, request.jetty, response, callback);
  }

  /** The kubelet's parsing: each value may list ports separated by commas, each in 1-65535. */
  static List<Integer> ports(List<String> values) {
    if (values == null || values.isEmpty()) {
      throw KubeApiException.badRequest("query parameter \"port\" is required");
    }
    List<Integer> ports = new ArrayList<>();
    for (String value : values) {
      if (value.isEmpty()) {
        throw KubeApiException.badRequest("query parameter \"port\" cannot be empty");
      }
      for (String part : value.split(",", -1)) {
        int port;
        try {
          port = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          port = -1;
        }
        if (port < 0 || port > 65535) {
          throw KubeApiException.badRequest("unable to parse \"" + value + "\" as a port: strconv.ParseUint: parsing \""
              + part + "\": invalid syntax");
        }
        if (port < 1) {
          throw KubeApiException.badRequest("port \"" + value + "\" must be > 0");
        }
        ports.add(port);
      }
    }
    return ports;
  }

  /** The first offered subprotocol the kubelet speaks, in the client's order; none offered is binary. */
  private static String negotiate(List<String> offered) {
    if (offered.isEmpty()) {
      return "";
    }
    for (String protocol : offered) {
      if (protocol.equals(BINARY) || protocol.equals(BASE64)) {
        return protocol;
      }
    }
    throw KubeApiException.badRequest("unable to upgrade connection: requested protocol(s) are not supported: "
        + offered + "; supports [" + BINARY + " " + BASE64 + "] (the double speaks no SPDY)");
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
