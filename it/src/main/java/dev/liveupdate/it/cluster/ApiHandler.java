package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The double's HTTP entry point: records every request, checks the bearer token, routes to
 * discovery, the REST resources, watch, exec and log, and renders every error as a Status.
 */
final class ApiHandler extends Handler.Abstract {
  private final String token;
  private final RequestLog log;
  private final ResourceApi resources;
  private final WatchStreamer watches;
  private final ExecEndpoint exec;
  private final PodRuntime runtime;

  ApiHandler(String token, RequestLog log, ResourceApi resources, WatchStreamer watches,
      ExecEndpoint exec, PodRuntime runtime) {
    this.token = token;
    this.log = log;
    this.resources = resources;
    this.watches = watches;
    this.exec = exec;
    this.runtime = runtime;
  }

  @Override
  public boolean handle(Request jetty, Response response, Callback callback) throws Exception {
    String query = jetty.getHttpURI().getQuery();
    String userAgent = jetty.getHeaders().get(HttpHeader.USER_AGENT);
    log.add(new RecordedRequest(jetty.getMethod(), Request.getPathInContext(jetty), query == null ? "" : query,
        userAgent == null ? "" : userAgent, Instant.now()));
    try {
      ApiRequest request = new ApiRequest(jetty);
      if (request.path.matches("/(healthz|livez|readyz)")) {
        respond(response, callback, 200, "text/plain", "ok".getBytes(StandardCharsets.UTF_8));
        return true;
      }
      if (!("Bearer " + token).equals(jetty.getHeaders().get(HttpHeader.AUTHORIZATION))) {
        throw KubeApiException.unauthorized();
      }
      return route(request, response, callback);
    } catch (KubeApiException e) {
      respondJson(response, callback, e.code(), e.status());
      return true;
    } catch (NumberFormatException e) {
      respondJson(response, callback, 400, KubeApiException.badRequest(e.getMessage()).status());
      return true;
    } catch (RuntimeException e) {
      e.printStackTrace();
      respondJson(response, callback, 500, KubeApiException.internal(e.toString()).status());
      return true;
    }
  }

  private boolean route(ApiRequest request, Response response, Callback callback) throws Exception {
    JsonNode discovery = discovery(request.path,
        Request.getLocalAddr(request.jetty) + ":" + Request.getLocalPort(request.jetty));
    if (discovery != null) {
      requireMethod(request, "GET");
      respondJson(response, callback, 200, discovery);
      return true;
    }
    ApiPath path = request.apiPath;
    if (path == null) {
      throw KubeApiException.pathNotFound();
    }
    if ("exec".equals(path.subresource())) {
      return exec.handle(request, response, callback);
    }
    if ("log".equals(path.subresource())) {
      requireMethod(request, "GET");
      String container = request.param("container");
      ObjectNode pod = resources.get(path);
      String name = container != null ? container : pod.path("spec").path("containers").path(0).path("name").asText();
      String id = runtime.containerId(path.namespace(), path.name(), name).orElseThrow(() -> KubeApiException.badRequest(
          "container \"" + name + "\" in pod \"" + path.name() + "\" is waiting to start: ContainerCreating"));
      PodLogs.stream(request, id, response, callback);
      return true;
    }
    if (path.isCollection() && request.method.equals("GET") && request.flag("watch")) {
      watches.stream(request, response, callback);
      return true;
    }
    JsonNode result = rest(request, path);
    int code = request.method.equals("POST") ? 201 : 200;
    if (request.wantsTable() && request.method.equals("GET") && (path.subresource() == null)) {
      List<? extends JsonNode> rows = result.has("items") ? listItems(result) : List.of(result);
      result = Tables.table(path.kind(), rows, request.param("includeObject"), true,
          Long.parseLong(result.path("metadata").path("resourceVersion").asText("0")));
    }
    respondJson(response, callback, code, result);
    return true;
  }

  private JsonNode rest(ApiRequest request, ApiPath path) {
    String contentType = request.header(HttpHeader.CONTENT_TYPE);
    if ("scale".equals(path.subresource()) && path.kind() == ResourceKind.DEPLOYMENTS) {
      return switch (request.method) {
        case "GET" -> resources.scale(path);
        case "PUT" -> resources.updateScale(path, contentType, request.body(), false);
        case "PATCH" -> resources.updateScale(path, contentType, request.body(), true);
        default -> throw KubeApiException.methodNotAllowed();
      };
    }
    if (path.subresource() != null) {
      if (path.subresource().equals("status") && request.method.equals("GET")) {
        return resources.get(path);
      }
      throw KubeApiException.methodNotAllowed();
    }
    if (path.isCollection()) {
      return switch (request.method) {
        case "GET" -> resources.list(request);
        case "POST" -> resources.create(path, request.body());
        default -> throw KubeApiException.methodNotAllowed();
      };
    }
    return switch (request.method) {
      case "GET" -> resources.get(path);
      case "PUT" -> resources.replace(path, request.body());
      case "PATCH" -> resources.patch(path, contentType, request.body());
      case "DELETE" -> resources.delete(path);
      default -> throw KubeApiException.methodNotAllowed();
    };
  }

  private static JsonNode discovery(String path, String serverAddress) {
    return switch (path.replaceAll("/+$", "")) {
      case "/version" -> Discovery.version();
      case "/api" -> Discovery.apiVersions(serverAddress);
      case "/api/v1" -> Discovery.coreResources();
      case "/apis" -> Discovery.groupList();
      case "/apis/apps" -> Discovery.appsGroup(true);
      case "/apis/apps/v1" -> Discovery.appsResources();
      case "/openapi/v3" -> Discovery.openApiV3Root();
      case "/openapi/v3/api/v1" -> Discovery.openApiV3("v1");
      case "/openapi/v3/apis/apps/v1" -> Discovery.openApiV3("apps/v1");
      default -> null;
    };
  }

  private static List<JsonNode> listItems(JsonNode list) {
    List<JsonNode> items = new java.util.ArrayList<>();
    list.path("items").forEach(items::add);
    return items;
  }

  private static void requireMethod(ApiRequest request, String method) {
    if (!request.method.equals(method)) {
      throw KubeApiException.methodNotAllowed();
    }
  }

  private static void respondJson(Response response, Callback callback, int code, JsonNode body) {
    respond(response, callback, code, "application/json", Json.bytes(body));
  }

  private static void respond(Response response, Callback callback, int code, String type, byte[] body) {
    response.setStatus(code);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
