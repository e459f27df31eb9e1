package demo.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;

/** {@code GET /}: a greeting naming the pod (its host name) that answered. */
final class Greeting implements HttpHandler {
  private final String host;

  Greeting() throws IOException {
    this.host = InetAddress.getLocalHost().getHostName();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      Main.respond(exchange, 404, "text/plain", "not found\n");
      return;
    }
    Main.respond(exchange, 200, "text/plain; charset=utf-8", "Hello from java-plain on " + host + "\n");
  }
}
