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

  boolean flag(String name) {
    String value = param(name);
    return value != null && (value.equals("true") || value.equals("1"));
  }

  String header(HttpHeader header) {
    return jetty.getHeaders().get(header);
  }

  boolean wantsTable() {
    return Tables.wanted(header(HttpHeader.ACCEPT));
  }

  JsonNode body() {
    try {
      return Json.parse(Request.asInputStream(jetty).readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the request body", e);
    }
  }
}
