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
 * Java client, and {@code podman stop} / {@code podman kill} reaching the app through the supervisor;
 * updates received and trees listed by the jar's own {@link Receive} and {@link ListTree} in the image
 * without a shell or tar.
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

  @Test
  void receivesUpdatesListsTreesAndRestartsInOneExecWithoutAShell() throws Exception {
    String container = start(withoutShell, "receive");
    awaitLine(container, "testapp listening on 8080");
    Files.createDirectories(work.resolve("streams"));
    JavaProcess first = receive(container, new UpdateStream()
        .file("/app/classes/demo/Old.class", "old", 0644)
        .file("/app/classes/gone/deep/x.class", "x", 0644)
        .file("/app/static/bin/run.sh", "#!/bin/sh\n", 0755)
        .file("/app/static/line\nbreak.txt", "odd", 0644)
        .symlink("/app/static/current.sh", "bin/run.sh"));
    assertEquals(0, first.process.exitValue(), first.output());

    JavaProcess second = receive(container, new UpdateStream()
        .remove("/app/classes/demo/Old.class").remove("/app/classes/gone").remove("/app/static/line\nbreak.txt")
        .remove("/etc/passwd")
        .file("/app/classes/demo/New.class", "new", 0600)
        .file("/etc/planted", "no", 0644)
        .symlink("/app/static/escape", "../../etc"));
    assertEquals(Receive.REFUSED, second.process.exitValue(), second.output());
    assertEquals(List.of("refused to remove /etc/passwd: not below a destination [/app/classes, /app/static]",
        "refused etc/planted: not below a destination [/app/classes, /app/static]",
        "refused symlink app/static/escape -> ../../etc: its target is not inside its destination"), second.err());

    JavaProcess listing = exec(container, "/opt/java/bin/java", "-cp", JAR, "dev.liveupdate.supervisor.ListTree",
        "/app/classes", "/app/static", "/app/absent");
    assertEquals(List.of("@root /app/classes", "@directories", "/app/classes", "/app/classes/demo", "@files",
        sha256("new") + "  /app/classes/demo/New.class", "@executables", "@symlinks",
        "@root /app/static", "@directories", "/app/static", "/app/static/bin", "@files",
        sha256("#!/bin/sh\n") + "  /app/static/bin/run.sh", "@executables", "/app/static/bin/run.sh",
        "@symlinks", "/app/static/current.sh", "bin/run.sh", "@absent /app/absent", "@end"), listing.out());
    String planted = exec(container, "/opt/java/bin/java", "-cp", JAR, "dev.liveupdate.supervisor.ListTree", "/etc").out()
        .stream().filter(line -> line.contains("planted")).findFirst().orElse("not planted");
    assertEquals("not planted", planted, "nothing outside the destinations");

    JavaProcess restart = receive(container, new UpdateStream().file("/app/classes/demo/Third.class", "3", 0644),
        "--then", "restart", "--id", "with-update", "--wait", "60s");
    assertEquals(0, restart.process.exitValue(), restart.output());
    assertTrue(RestartTest.OK.matcher(restart.out().get(0)).matches(), restart.output());

    List<Long> receiveMs = new ArrayList<>();
    List<Long> tarMs = new ArrayList<>();
    String withTar = start(withShell, "tar");
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      assertEquals(0, receive(container, new UpdateStream().file("/app/classes/demo/Timed.class", "v" + i, 0644))
          .process.exitValue());
      receiveMs.add((System.nanoTime() - started) / 1_000_000);
      Path tar = work.resolve("streams/tar-" + i + ".tar");
      byte[] framed = new UpdateStream().file("/app/classes/demo/Timed.class", "v" + i, 0644).bytes();
      Files.write(tar, java.util.Arrays.copyOfRange(framed, 1, framed.length)); // the tar alone
      started = System.nanoTime();
      JavaProcess sh = JavaProcess.start(JreImage.podman("exec", "-i", withTar, "sh", "-c", "exec tar -xf - -C /"),
          Map.of(), work.resolve("logs"), tar);
      assertEquals(0, sh.awaitExit(Duration.ofMinutes(1)), sh.output());
      tarMs.add((System.nanoTime() - started) / 1_000_000);
    }
    receiveMs.sort(null);
    tarMs.sort(null);
    System.out.println("one-file update through podman exec, median of 5: Receive " + receiveMs.get(2) + " ms "
        + receiveMs + ", busybox sh + tar " + tarMs.get(2) + " ms " + tarMs);
  }

  @Test
  void hotSwapsInTheRunningJvmThroughReceiveInOneExec() throws Exception {
    String container = LABEL + "-swap-" + id;
    List<String> run = JreImage.podman("run", "-d", "--name", container, "--label", LABEL + "=1", "--network", "none",
        "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096", withShell, "/opt/java/bin/java");
    run.addAll(FLAGS);
    run.addAll(List.of("-cp", JAR, Supervisor.class.getName(), "--child-java-tool-options", "-javaagent:" + JAR, "--",
        "/opt/java/bin/java", "-cp", "/app:/app/swap", SwapApp.class.getName(), "8080", "/app/swap"));
    containers.add(container);
    JreImage.run(work, run);
    awaitLine(container, "swapapp listening on 8080");
    java.util.regex.Matcher before = HotSwapTest.SERVED.matcher(httpGet(container));
    assertTrue(before.matches() && before.group(1).equals("v1"), before.toString());
    Path next = Sources.compile(work, work.resolve("swap-v2"), Map.of("demo.Greeter", HotSwapTest.greeter("v2", "")))
        .get("demo.Greeter");

    long started = System.nanoTime();
    JavaProcess swap = receive(container, List.of("/app/swap"), new UpdateStream().file("/app/swap/demo/Greeter.class",
        Files.readAllBytes(next), 0644), "--then", "hotswap", "--id", "it-swap", "--wait", "30s");
    long wall = (System.nanoTime() - started) / 1_000_000;

    assertEquals(0, swap.process.exitValue(), swap.output() + logs(container));
    assertTrue(swap.out().get(0).matches("ok \\d+ hot-swapped 2 class\\(es\\) in \\d+ ms .*"), swap.output());
    java.util.regex.Matcher after = HotSwapTest.SERVED.matcher(httpGet(container));
    assertTrue(after.matches(), after.toString());
    assertEquals("v2", after.group(1));
    assertEquals("v2", after.group(2));
    assertEquals(before.group(3) + " " + before.group(4), after.group(3) + " " + after.group(4), "the same JVM");
    System.out.println("container hot-swap, Receive --then hotswap through podman exec: " + wall + " ms, "
        + swap.out().get(0));
  }

  private JavaProcess receive(String container, UpdateStream stream, String... then) throws Exception {
    return receive(container, List.of("/app/classes", "/app/static"), stream, then);
  }

  private JavaProcess receive(String container, List<String> to, UpdateStream stream, String... then) throws Exception {
    Path file = stream.write(Files.createDirectories(work.resolve("streams")));
    List<String> command = JreImage.podman("exec", "-i", container, "/opt/java/bin/java");
    command.addAll(FLAGS);
    command.addAll(List.of("-cp", JAR, Receive.class.getName()));
    to.forEach(destination -> command.addAll(List.of("--to", destination)));
    command.addAll(List.of(then));
    JavaProcess process = JavaProcess.start(command, Map.of(), work.resolve("logs"), file);
    process.awaitExit(Duration.ofMinutes(2));
    return process;
  }

  private static String sha256(String content) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder();
    for (byte b : digest) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
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
