package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The packaged jar as PID 1 of real containers (podman, runc), from a jlink'd JRE image with and
 * without a shell: restarts requested through {@code podman exec} with busybox {@code sh} and with the
 * Java client, and {@code podman stop} / {@code podman kill} reaching the app through the supervisor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SupervisorContainerIT {

  static final String LABEL = "liveupdate-supervisor-it";
  static final List<String> FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms4m", "-Xmx16m",
      "-XX:-UsePerfData", "-Xshare:auto");
  static final String JAR = "/opt/liveupdate/liveupdate-supervisor.jar";

  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String withShell = "localhost/" + LABEL + ":sh-" + id;
  final String withoutShell = "localhost/" + LABEL + ":nosh-" + id;
  final List<String> containers = new ArrayList<>();
  Path work;

  @BeforeAll
  void buildImages() throws Exception {
    work = Path.of(System.getProperty("supervisor.jar")).resolveSibling("container-it-" + id);
    Path rootfs = JreImage.rootfs(work, Path.of(System.getProperty("supervisor.jar")));
    JreImage.importAs(work, rootfs, withoutShell);
    JreImage.addBusybox(rootfs);
    JreImage.importAs(work, rootfs, withShell);
  }

  @AfterAll
  void removeContainersAndImages() throws Exception {
    for (String container : containers) {
      JreImage.run(work, JreImage.podman("rm", "-f", "-t", "0", container));
    }
    JreImage.run(work, JreImage.podman("rmi", "-f", withShell, withoutShell));
    try (var files = Files.walk(work.resolve("rootfs"))) {
      for (Path file : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  @Test
  void restartsThroughBusyboxShAndTheJavaClientAndForwardsPodmanStop() throws Exception {
    String container = start(withShell, "sh");
    long first = awaitServing(container);
    assertTrue(exec(container, "cat", "/proc/1/cmdline").out().get(0).contains("dev.liveupdate.supervisor.Supervisor"),
        "the supervisor is PID 1");

    JavaProcess sh = execAllowingFailure(container, "sh", "-c", Control.SH_SCRIPT, "liveupdate-restart", "it-sh", "60");
    assertEquals(0, sh.process.exitValue(), sh.output());
    Matcher bySh = RestartTest.OK.matcher(sh.out().get(0));
    assertTrue(bySh.matches(), sh.output());
    assertNotEquals(first, Long.parseLong(bySh.group(2)));
    assertEquals("pid=" + bySh.group(2), httpGet(container), "serving as soon as the client returns");

    JavaProcess java = javaClient(container, "it-java");
    Matcher byJava = RestartTest.OK.matcher(java.out().get(0));
    assertTrue(byJava.matches(), java.output());
    assertEquals("pid=" + byJava.group(2), httpGet(container));
    System.out.println("container restart to ready: sh client " + bySh.group(1) + " ms, java client " + byJava.group(1) + " ms");

    JreImage.run(work, JreImage.podman("stop", "-t", "10", container));
    assertEquals("115", exitCode(container), "the app's status for SIGTERM, through the supervisor");
    assertTrue(logs(container).contains("testapp got SIGTERM"), logs(container));
  }

  @Test
  void restartsThroughTheJavaClientWithoutAShellAndSendsSigintAsSigterm() throws Exception {
    String container = start(withoutShell, "nosh");
    awaitLine(container, "testapp listening on 8080");
    assertNotEquals(0, execAllowingFailure(container, "sh", "-c", "true").process.exitValue(), "no shell in the image");

    JavaProcess java = javaClient(container, "it-nosh");
    assertTrue(RestartTest.OK.matcher(java.out().get(0)).matches(), java.output());

    JreImage.run(work, JreImage.podman("kill", "--signal", "INT", container));
    Await.until("the container to exit", Await.DEFAULT, () -> !exitCode(container).equals("running"), () -> logs(container));
    assertEquals("115", exitCode(container));
    assertTrue(logs(container).contains(Log.PREFIX + "SIGINT: sent SIGTERM (SIGINT needs a kill program, none found)"),
        logs(container));
  }

  private String start(String image, String name) throws Exception {
    String container = LABEL + "-" + name + "-" + id;
    List<String> run = JreImage.podman("run", "-d", "--name", container, "--label", LABEL + "=1", "--network", "none",
        "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", image, "/opt/java/bin/java");
    run.addAll(FLAGS);
    run.addAll(List.of("-cp", JAR, Supervisor.class.getName(), "--",
        "/opt/java/bin/java", "-cp", "/app", TestApp.class.getName(), "/state", "8080"));
    containers.add(container);
    JreImage.run(work, run);
    return container;
  }

  private JavaProcess javaClient(String container, String requestId) throws Exception {
    List<String> command = new ArrayList<>(List.of("/opt/java/bin/java"));
    command.addAll(FLAGS);
    command.addAll(List.of("-cp", JAR, Control.class.getName(), "restart", "--id", requestId, "--wait", "60s"));
    return exec(container, command.toArray(String[]::new));
  }

  private long awaitServing(String container) {
    awaitLine(container, "testapp listening on 8080");
    return Long.parseLong(httpGet(container).substring(4));
  }

  private void awaitLine(String container, String line) {
    Await.until(line, Await.DEFAULT, () -> logs(container).contains(line), () -> logs(container));
  }

  private String httpGet(String container) {
    try {
      return exec(container, "wget", "-qO-", "http://127.0.0.1:8080/").out().get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private JavaProcess exec(String container, String... command) throws Exception {
    List<String> exec = JreImage.podman("exec", container);
    exec.addAll(List.of(command));
    return JreImage.run(work, exec);
  }

  private JavaProcess execAllowingFailure(String container, String... command) throws Exception {
    List<String> exec = JreImage.podman("exec", container);
    exec.addAll(List.of(command));
    JavaProcess process = JavaProcess.start(exec, Map.of(), work.resolve("logs"));
    process.awaitExit(Duration.ofMinutes(2));
    return process;
  }

  private String exitCode(String container) {
    try {
      String state = JreImage.run(work, JreImage.podman("inspect", "--format",
          "{{.State.Running}} {{.State.ExitCode}}", container)).out().get(0);
      return state.startsWith("true") ? "running" : state.substring(state.indexOf(' ') + 1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String logs(String container) {
    try {
      JavaProcess logs = JreImage.run(work, JreImage.podman("logs", container));
      return String.join("\n", logs.out()) + "\n" + String.join("\n", logs.err());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
