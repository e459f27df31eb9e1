package dev.liveupdate.kube;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kubernetes API server reduced to canned answers: each path (without its query) is answered
 * with the status and JSON body set for it, any other with a 404 Status, as the real server
 * would. Plain HTTP on 127.0.0.1; the paths asked are recorded.
 */
final class FakeApiServer implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  final List<String> asked = new CopyOnWriteArrayList<>();

  record Answer(int status, String body) {}

  FakeApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      asked.add(path);
      Answer answer = answers.getOrDefault(path, new Answer(404, status(404, "NotFound",
          "the server could not find the requested resource")));
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeApiServer answer(String path, int status, String body) {
    answers.put(path, new Answer(status, body));
    return this;
  }

  /** A Kubernetes {@code Status} body. */
  static String status(int code, String reason, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
        + "\"" + message.replace("\"", "\\\"") + "\",\"reason\":\"" + reason + "\",\"code\":"
        + code + "}";
  }

  /** A Deployment selecting {@code app=<name>}, one container named {@code main}. */
  static String deployment(String name, int replicas) {
    return "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"replicas\":" + replicas
        + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{\"spec\":"
        + "{\"containers\":[{\"name\":\"main\",\"image\":\"x\"}]}}}}";
  }

  /** A list of objects with these names only. */
  static String names(String... names) {
    StringBuilder items = new StringBuilder();
    for (String name : names) {
      items.append(items.length() == 0 ? "" : ",").append("{\"metadata\":{\"name\":\"")
          .append(name).append("\"}}");
    }
    return "{\"metadata\":{},\"items\":[" + items + "]}";
  }

  /** A pod list: one pod, its container {@code main} in the given phase and state. */
  static String pods(String pod, String phase, String state) {
    return "{\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"" + pod + "\"},\"spec\":"
        + "{\"containers\":[{\"name\":\"main\",\"image\":\"x\"}]},\"status\":{\"phase\":\""
        + phase + "\",\"containerStatuses\":[{\"name\":\"main\",\"image\":\"x\",\"imageID\":"
        + "\"x\",\"ready\":false,\"restartCount\":0,\"containerID\":\"podman://1\",\"state\":"
        + state + "}]}}]}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
