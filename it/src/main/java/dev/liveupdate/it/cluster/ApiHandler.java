package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
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
  /** The endpoints a request can reach, besides discovery. */
  record Endpoints(ResourceApi resources, Deletions deletions, ScaleSubresource scale, WatchStreamer watches,
      ExecEndpoint exec, PortForwardEndpoint portForward, PodLogs logs) {}

  private final String token;
  private final RequestLog log;
  private final Endpoints endpoints;

  ApiHandler(String token, RequestLog log, Endpoints endpoints) {
    this.token = token;
    this.log = log;
    this.endpoints = endpoints;
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
      return endpoints.exec().handle(request, response, callback);
    }
    if ("portforward".equals(path.subresource()) && path.kind() == ResourceKind.PODS) {
      return endpoints.portForward().handle(request, response, callback);
    }
    if ("log".equals(path.subresource()) && path.kind() == ResourceKind.PODS) {
      requireMethod(request, "GET");
      endpoints.logs().stream(request, response, callback);
      return true;
    }
    if (path.isCollection() && request.method.equals("GET") && request.flag("watch")) {
      endpoints.watches().stream(request, response, callback);
      return true;
    }
    ApiAnswer answer = rest(request, path);
    JsonNode result = answer.body();
    if (request.wantsTable() && request.method.equals("GET") && (path.subresource() == null)) {
      List<? extends JsonNode> rows = result.has("items") ? listItems(result) : List.of(result);
      result = Tables.table(path.kind(), rows, request.param("includeObject"), true,
          Long.parseLong(result.path("metadata").path("resourceVersion").asText("0")));
    }
    respondJson(response, callback, answer.code(), result);
    return true;
  }

  private ApiAnswer rest(ApiRequest request, ApiPath path) {
    ResourceApi resources = endpoints.resources();
    if ("scale".equals(path.subresource()) && path.kind() == ResourceKind.DEPLOYMENTS) {
      return new ApiAnswer(200, endpoints.scale().handle(request));
    }
    if (path.subresource() != null) {
      if (path.subresource().equals("status") && request.method.equals("GET")) {
        return new ApiAnswer(200, resources.get(path));
      }
      throw KubeApiException.methodNotAllowed();
    }
    if (path.isCollection()) {
      return switch (request.method) {
        case "GET" -> new ApiAnswer(200, resources.list(request));
        case "POST" -> resources.create(path, request.body(), WriteOptions.of(request, false));
        case "DELETE" -> endpoints.deletions().deleteCollection(request, resources.list(request));
        default -> throw KubeApiException.methodNotAllowed();
      };
    }
    return switch (request.method) {
      case "GET" -> new ApiAnswer(200, resources.get(path));
      case "PUT" -> new ApiAnswer(200, resources.replace(path, request.body(), WriteOptions.of(request, false)));
      case "PATCH" -> resources.patch(path, request.header(HttpHeader.CONTENT_TYPE), request);
      case "DELETE" -> endpoints.deletions().delete(path, request);
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
