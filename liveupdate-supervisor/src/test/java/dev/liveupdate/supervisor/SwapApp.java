package dev.liveupdate.supervisor;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The app of the hot-swap tests, run as a real JVM with the agent: it serves, on every request,
 * what {@code demo.Greeter.greet()} returns in two class loaders, the application class loader and
 * an isolated {@link URLClassLoader} over the same classes directory (so two loaded classes share the
 * name), with its pid and the process's start time:
 * {@code system=v1 isolated=v1 pid=PID start=MILLIS}. Arguments: PORT CLASSES_DIR.
 */
public final class SwapApp {

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    URL classes = Path.of(args[1]).toUri().toURL();
    Method system = Class.forName("demo.Greeter").getMethod("greet");
    Method isolated = new URLClassLoader(new URL[] {classes}, null).loadClass("demo.Greeter").getMethod("greet");
    long pid = ProcessHandle.current().pid();
    long start = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      String answer;
      try {
        answer = "system=" + system.invoke(null) + " isolated=" + isolated.invoke(null) + " pid=" + pid + " start=" + start;
      } catch (ReflectiveOperationException e) {
        answer = "error " + e;
      }
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("swapapp listening on " + port);
  }
}
