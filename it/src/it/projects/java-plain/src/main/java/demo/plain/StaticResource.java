package demo.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Serves one file of the class path, read on every request (so a new copy is served at once). */
final class StaticResource implements HttpHandler {
  private final String resource;
  private final String contentType;

  StaticResource(String resource, String contentType) {
    this.resource = resource;
    this.contentType = contentType;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        Main.respond(exchange, 404, "text/plain", resource + " is not on the class path\n");
        return;
      }
      Main.respond(exchange, 200, contentType, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
