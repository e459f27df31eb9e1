package dev.liveupdate.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Reload;
import dev.liveupdate.supervisor.Control;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reload ladder's exec, run as the container runs it (sh, the supervisor's own client),
 * against the real supervisor around a real Java app that loads the real hot-swap agent: what the
 * app serves, and its pid, say which rung did the update.
 */
class ReloadLadderExecTest {

  private static final String APP = "package demo;\n"
      + "public class App {\n"
      + "  public static void main(String[] args) throws Exception {\n"
      + "    var server = com.sun.net.httpserver.HttpServer.create(\n"
      + "        new java.net.InetSocketAddress(\"127.0.0.1\", Integer.parseInt(args[0])), 0);\n"
      + "    server.createContext(\"/\", exchange -> {\n"
      + "      byte[] body = (Greeter.greet() + \" \" + ProcessHandle.current().pid()).getBytes();\n"
      + "      exchange.sendResponseHeaders(200, body.length);\n"
      + "      exchange.getResponseBody().write(body);\n"
      + "      exchange.close();\n"
      + "    });\n"
      + "    server.start();\n"
      + "  }\n"
      + "}\n";

  @TempDir Path dir;
  private Process supervisor;
  private int port;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startApp() throws Exception {
    greeter("public static String greet() { return \"hello\"; }");
    compile("App", APP);
    port = RestartAfterCopyTestPorts.freePortBelowTheEphemeralRange();
    Path jar = Path.of(Control.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    supervisor = new ProcessBuilder(java, "-Xmx32m", "-cp", jar.toString(),
        "dev.liveupdate.supervisor.Supervisor", "--control", dir.resolve("control").toString(),
        "--grace", "2s", "--child-java-tool-options",
        "-javaagent:" + jar + "=control=" + dir.resolve("control"),
        "--", java, "-Xmx64m", "-cp", dir.resolve("classes").toString(), "demo.App",
        Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(dir.resolve("supervisor.log").toFile()).start();
    await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> serves().startsWith("hello ")
            && Files.exists(dir.resolve("control/agent.pid")));
  }

  @AfterEach
  void stopSupervisor() throws InterruptedException {
    supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
    supervisor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void aMethodBodyEditIsHotSwappedInTheRunningJvm() throws Exception {
    String pid = serves().split(" ")[1];
    greeter("public static String greet() { return \"hot\"; }");

    RestartAfterCopy reload = ladder(Reload.Level.HOT_SWAP, Reload.Level.RESTART);
    int exit = exec(reload);

    assertEquals(0, exit, log());
    RestartAfterCopy.Result result = reload.result().orElseThrow(() -> new AssertionError(log()));
    assertEquals(Reload.Level.HOT_SWAP, result.level(), result.toString());
    assertTrue(result.message().startsWith("hot-swapped 1 class(es) in "), result.message());
    assertEquals(List.of(), reload.escalated());
    assertEquals("hot " + pid, serves(), "the same JVM serves the new code");
  }

  @Test
  void aHotSwapTheJvmRefusesEscalatesToARestartInTheSameExec() throws Exception {
    String pid = serves().split(" ")[1];
    greeter("static int count; public static String greet() { return \"field\" + count; }");

    RestartAfterCopy reload = ladder(Reload.Level.HOT_SWAP, Reload.Level.RESTART);
    int exit = exec(reload);

    assertEquals(0, exit, log());
    assertEquals(1, reload.escalated().size(), reload.escalated().toString());
    RestartAfterCopy.Result refused = reload.escalated().get(0);
    assertEquals(Reload.Level.HOT_SWAP, refused.level());
    assertEquals("unsupported", refused.status(), refused.toString());
    RestartAfterCopy.Result result = reload.result().orElseThrow();
    assertEquals(Reload.Level.RESTART, result.level());
    assertEquals("ok", result.status(), result.toString());
    String[] served = serves().split(" ");
    assertEquals("field0", served[0]);
    assertNotEquals(pid, served[1], "a new JVM serves it");
  }

  @Test
  void aDevToolsRungWithoutDevToolsEscalatesToARestart() throws Exception {
    greeter("public static String greet() { return \"restarted\"; }");

    RestartAfterCopy reload = ladder(Reload.Level.DEVTOOLS, Reload.Level.RESTART);
    int exit = exec(reload);

    assertEquals(0, exit, log());
    assertEquals("unsupported", reload.escalated().get(0).status(), reload.escalated().toString());
    assertEquals(Reload.Level.RESTART, reload.result().orElseThrow().level());
    assertTrue(serves().startsWith("restarted "));
  }

  private RestartAfterCopy ladder(Reload.Level... levels) {
    Path greeter = dir.resolve("classes/demo/Greeter.class");
    List<Reload.SwapClass> classes = List.of(levels).contains(Reload.Level.HOT_SWAP)
        ? List.of(new Reload.SwapClass("demo.Greeter", greeter.toString())) : List.of();
    return RestartAfterCopy.of(new Plan.LiveUpdate(List.of(), List.of(), List.of(),
        new Reload.Ladder(List.of(levels), classes, "", "/app/classes changed"))).orElseThrow();
  }

  /** The exec with a stand-in copy that reads its stdin (the new class file is already there). */
  private int exec(RestartAfterCopy reload) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(reload.command("cat > /dev/null",
        dir.resolve("control").toString())).redirectErrorStream(true).start();
    process.getOutputStream().close();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!reload.take(new Cluster.OutputLine(line, false))) {
          throw new AssertionError("the exec printed a line that is no rung's answer: " + line);
        }
      }
    }
    assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the exec did not end");
    return process.exitValue();
  }

  private String serves() throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private void greeter(String body) throws IOException {
    compile("Greeter", "package demo;\npublic class Greeter {\n  " + body + "\n}\n");
  }

  private void compile(String name, String source) throws IOException {
    Path file = dir.resolve("src/demo/" + name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    List<String> args = new ArrayList<>(List.of("-d", dir.resolve("classes").toString(),
        "-cp", dir.resolve("classes").toString(), file.toString()));
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null,
        args.toArray(String[]::new)), "javac compiles " + name);
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("supervisor.log"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
