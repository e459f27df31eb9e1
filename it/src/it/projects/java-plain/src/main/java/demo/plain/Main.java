package demo.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;

/** Serves a greeting on /, a resource file on /hello.txt and /health, on port 8080 (or $PORT). */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", new Greeting());
    server.createContext("/hello.txt", new StaticResource("static/hello.txt", "text/plain; charset=utf-8"));
    server.createContext("/health", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    Duration startup = ProcessHandle.current().info().startInstant()
        .map(start -> Duration.between(start, Instant.now())).orElse(Duration.ZERO);
    System.out.println("java-plain listening on port " + port + " (started in " + startup.toMillis() + " ms)");
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
