package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** The parts of an HTTP request the REST handlers need, read once. */
final class ApiRequest {
  final Request jetty;
  final String method;
  final String path;
  final ApiPath apiPath;
  final Fields query;

  ApiRequest(Request jetty) {
    this.jetty = jetty;
    this.method = jetty.getMethod();
    this.path = Request.getPathInContext(jetty);
    this.apiPath = ApiPath.parse(path);
    this.query = Request.extractQueryParameters(jetty);
  }

  String param(String name) {
    return query.getValue(name);
  }

  /** A boolean parameter, read like Go's strconv.ParseBool (python sends "True"). */
  boolean flag(String name) {
    String value = param(name);
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw KubeApiException.badRequest("invalid boolean value for " + name + ": " + value);
    };
  }

  String header(HttpHeader header) {
    return jetty.getHeaders().get(header);
  }

  boolean wantsTable() {
    return Tables.wanted(header(HttpHeader.ACCEPT));
  }

  /** The body of a POST, PUT or DELETE; only JSON is understood (client-go falls back to it on a 415). */
  JsonNode body() {
    String type = header(HttpHeader.CONTENT_TYPE);
    String mediaType = type == null ? "application/json" : type.split(";")[0].trim();
    if (!method.equals("PATCH") && !mediaType.equals("application/json")) {
      throw new KubeApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format -"
          + " accepted media types include: application/json (the double speaks no protobuf or yaml)", null);
    }
    return Json.parse(bytes());
  }

  /** The raw body. */
  byte[] bytes() {
    try {
      return Request.asInputStream(jetty).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }

  /** Whether the request carries a body (a DELETE may, with DeleteOptions). */
  boolean hasBody() {
    return jetty.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
        || jetty.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }
}
