package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A supervisor around {@link TestApp}, started as the dev image starts it, and what a test does with it. */
final class Fixture implements AutoCloseable {

  static final String BUSYBOX = "/bin/busybox";

  final Path state;
  final Path control;
  final int port;
  private final Path logs;
  private final List<JavaProcess> started = new ArrayList<>();
  JavaProcess supervisor;

  Fixture(Path dir) throws IOException {
    this.state = Files.createDirectories(dir.resolve("state"));
    this.control = dir.resolve("control");
    this.logs = dir.resolve("logs");
    this.port = freePortOutsideEphemeralRange();
  }

  /** Starts the supervisor with these options before {@code --} and the test app after it. */
  JavaProcess start(List<String> options, Map<String, String> env) throws IOException {
    return start(options, JavaProcess.testApp(state, port), env);
  }

  JavaProcess start(List<String> options, List<String> app, Map<String, String> env) throws IOException {
    List<String> args = new ArrayList<>(List.of("--control", control.toString()));
    args.addAll(options);
    args.add("--");
    args.addAll(app);
    supervisor = process(JavaProcess.supervisorJava(Supervisor.class.getName(), args), env);
    return supervisor;
  }

  /** Starts the supervisor around a serving app and waits until it serves; returns the app's pid. */
  long startServing(String... options) throws IOException {
    start(List.of(options), Map.of());
    return awaitServing();
  }

  long awaitServing() {
    Await.until("the app to serve on " + port, Await.DEFAULT, () -> get() != null, () -> supervisor.output());
    return Long.parseLong(get().substring(4));
  }

  void mode(String mode) throws IOException {
    Files.writeString(state.resolve("mode"), mode);
  }

  /** The app's answer ({@code pid=PID}), or null when nothing answers; one attempt. */
  String get() {
    try {
      HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      return response.body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs the Java client to completion. */
  JavaProcess javaClient(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("restart", "--control", control.toString()));
    all.addAll(List.of(args));
    JavaProcess client = process(JavaProcess.supervisorJava(Control.class.getName(), all), Map.of());
    client.awaitExit(Duration.ofSeconds(120));
    return client;
  }

  /** Runs the Java client for a request of this kind to completion, with {@code stdin} as its input (or none). */
  JavaProcess javaClient(String kind, Path stdin, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(kind, "--control", control.toString()));
    all.addAll(List.of(args));
    JavaProcess client = JavaProcess.start(JavaProcess.supervisorJava(Control.class.getName(), all), Map.of(),
        logs, stdin);
    started.add(client);
    client.awaitExit(Duration.ofSeconds(120));
    return client;
  }

  /** Runs the sh client for a request of this kind to completion, with {@code stdin} as its input (or none). */
  JavaProcess shClient(List<String> shell, String kind, String id, int waitSeconds, Path stdin)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(shell);
    command.addAll(List.of("-c", Control.SH_SCRIPT, "liveupdate-" + kind, id, Integer.toString(waitSeconds),
        control.toString()));
    JavaProcess client = JavaProcess.start(command, Map.of(), logs, stdin);
    started.add(client);
    client.awaitExit(Duration.ofSeconds(120));
    return client;
  }

  /** Runs the sh client (the {@link Control#SH_SCRIPT} text) with {@code shell} to completion. */
  JavaProcess shClient(List<String> shell, String id, int waitSeconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(shell);
    command.addAll(List.of("-c", Control.SH_SCRIPT, "liveupdate-restart", id, Integer.toString(waitSeconds),
        control.toString()));
    JavaProcess client = process(command, Map.of());
    client.awaitExit(Duration.ofSeconds(120));
    return client;
  }

  static List<String> busyboxSh() {
    if (!Files.isExecutable(Path.of(BUSYBOX))) {
      throw new AssertionError(BUSYBOX + " is missing: apt-get install -y busybox-static");
    }
    return List.of(BUSYBOX, "sh");
  }

  /** Starts a process that {@link #close()} ends. */
  JavaProcess process(List<String> command, Map<String, String> env) throws IOException {
    JavaProcess process = JavaProcess.start(command, env, logs);
    started.add(process);
    return process;
  }

  @Override
  public void close() throws InterruptedException {
    for (JavaProcess process : started) {
      process.close();
    }
  }

  /** A port the app can have again after a restart: not one the kernel hands out for port 0. */
  static int freePortOutsideEphemeralRange() throws IOException {
    int[] ephemeral = ListeningSockets.system().ephemeralRange();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20000, ephemeral[0]);
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(port));
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no free port between 20000 and " + ephemeral[0]);
  }
}
