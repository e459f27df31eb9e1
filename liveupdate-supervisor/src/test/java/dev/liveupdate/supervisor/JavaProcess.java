package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real process the tests start (the supervisor, a client, a shell). Its output goes to files, read
 * on demand (pipes lose the last lines when the JDK closes them at exit). Closing it kills it and
 * everything below it, so no test leaves an app running.
 */
final class JavaProcess implements AutoCloseable {

  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  final Process process;
  private final Path stdout;
  private final Path stderr;

  private JavaProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static JavaProcess start(List<String> command, Map<String, String> env, Path logs) throws IOException {
    return start(command, env, logs, null);
  }

  /** @param stdin a file the process reads as its standard input; null for none */
  static JavaProcess start(List<String> command, Map<String, String> env, Path logs, Path stdin) throws IOException {
    Files.createDirectories(logs);
    Path stdout = Files.createTempFile(logs, "out-", ".log");
    Path stderr = Files.createTempFile(logs, "err-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    builder.environment().remove("_JAVA_OPTIONS");
    builder.environment().putAll(env);
    if (stdin != null) {
      builder.redirectInput(stdin.toFile());
    }
    return new JavaProcess(builder.start(), stdout, stderr);
  }

  /** {@code java FLAGS -cp CLASSES MAIN ARGS}, with only the supervisor's own classes on the classpath. */
  static List<String> supervisorJava(String main, List<String> args) {
    List<String> command = new ArrayList<>(List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx16m",
        "-XX:-UsePerfData", "-cp", location(Supervisor.class), main));
    command.addAll(args);
    return command;
  }

  /** The command that runs {@link TestApp} as the supervised app. */
  static List<String> testApp(Path state, int port) {
    return List.of(JAVA, "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp", location(TestApp.class),
        TestApp.class.getName(), state.toString(), Integer.toString(port));
  }

  static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> out() {
    return lines(stdout);
  }

  List<String> err() {
    return lines(stderr);
  }

  /** Waits for a line on stdout or stderr and returns it. */
  String awaitLine(String what, Predicate<String> line) {
    Await.until(what, Await.DEFAULT, () -> find(line) != null, this::output);
    return find(line);
  }

  private String find(Predicate<String> line) {
    List<String> all = new ArrayList<>(out());
    all.addAll(err());
    return all.stream().filter(line).findFirst().orElse(null);
  }

  int awaitExit() throws InterruptedException {
    return awaitExit(Await.DEFAULT);
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout.toMillis() + " ms" + output());
    }
    return process.exitValue();
  }

  String output() {
    return "\n--- stdout:\n" + String.join("\n", out()) + "\n--- stderr:\n" + String.join("\n", err());
  }

  /**
   * True when the process has ended. An orphan that was killed stays a zombie here when the machine's
   * PID 1 does not reap, so a zombie counts as ended.
   */
  static boolean gone(long pid) {
    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      return true;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (NoSuchFileException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> below = process.descendants().collect(Collectors.toList());
    process.destroyForcibly();
    below.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle p : below) {
      Await.until("pid " + p.pid() + " to end", () -> gone(p.pid()));
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
