package dev.liveupdate.supervisor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The app the tests put under the supervisor, run as a real JVM. What it does is read at start from
 * {@code STATE_DIR/mode}, so a test changes the next run's behaviour as a developer changes code:
 * <ul>
 *   <li>{@code serve} (default): serve {@code pid=PID} over HTTP on PORT;
 *   <li>{@code slow:MS}: the same, after MS of start-up work;
 *   <li>{@code crash}: exit with status 3 at once;
 *   <li>{@code exit:N}: print a line and exit with status N;
 *   <li>{@code nolisten}: run without listening;
 *   <li>{@code signals}: serve, and exit with 100 + the signal number on SIGTERM, SIGINT or SIGHUP;
 *   <li>{@code ignore-term}: serve, and ignore SIGTERM.
 * </ul>
 * It prints {@code testapp pid=PID mode=MODE jto=JAVA_TOOL_OPTIONS prop=liveupdate.test} first.
 */
public final class TestApp {

  public static void main(String[] args) throws Exception {
    Path state = Path.of(args[0]);
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    Path modeFile = state.resolve("mode");
    String mode = Files.exists(modeFile) ? Files.readString(modeFile).trim() : "serve";
    long pid = ProcessHandle.current().pid();
    System.out.println("testapp pid=" + pid + " mode=" + mode + " jto=" + System.getenv("JAVA_TOOL_OPTIONS")
        + " prop=" + System.getProperty("liveupdate.test"));
    if (mode.equals("crash")) {
      System.exit(3);
    } else if (mode.startsWith("exit:")) {
      System.out.println("hello from the app");
      System.exit(Integer.parseInt(mode.substring(5)));
    } else if (mode.equals("nolisten")) {
      Thread.sleep(Long.MAX_VALUE);
    } else if (mode.startsWith("slow:")) {
      Thread.sleep(Long.parseLong(mode.substring(5))); // the app's own start-up work
    } else if (mode.equals("signals")) {
      for (String name : new String[] {"TERM", "INT", "HUP"}) {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
          System.out.println("testapp got SIG" + name);
          System.exit(100 + s.getNumber());
        });
      }
    } else if (mode.equals("ignore-term")) {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> System.out.println("testapp ignores SIGTERM"));
    }
    serve(port, pid);
  }

  private static void serve(int port, long pid) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> {
      byte[] body = ("pid=" + pid).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("testapp listening on " + port);
  }
}
