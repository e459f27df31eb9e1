package dev.liveupdate.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Reload;
import dev.liveupdate.supervisor.Control;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec of a copy with a restart, run as the container runs it (sh, the supervisor's own
 * client), against the real supervisor started as a process around a small app. The copy script
 * is a stand-in that writes stdin to a file (the real one extracts at /).
 */
class RestartAfterCopyTest {

  private static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path dir;
  private Process supervisor;

  @AfterEach
  void stopSupervisor() throws InterruptedException {
    if (supervisor != null) {
      supervisor.descendants().forEach(ProcessHandle::destroyForcibly);
      supervisor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPlanWithoutARestartRunsTheCopyAlone() {
    assertTrue(RestartAfterCopy.of(new Plan.LiveUpdate(List.of(), List.of("/app/x"),
        List.of())).isEmpty());
  }

  @Test
  void theCopyReadsStdinThenTheSupervisorRestartsTheAppAndAnswersOk() throws Exception {
    Path control = startSupervisor();
    RestartAfterCopy restart = restart();
    Path received = dir.resolve("received");

    Exec exec = exec(restart.command("cat > '" + received + "'", control.toString()),
        "removals and a tar", restart);

    assertEquals(0, exec.exit, exec.toString());
    assertEquals("removals and a tar", Files.readString(received));
    RestartAfterCopy.Result result = restart.result().orElseThrow(() -> new AssertionError(exec));
    assertEquals("ok", result.status());
    assertTrue(result.message().startsWith("restarted app in " + result.millis() + " ms"),
        result.message());
    assertEquals(List.of(), exec.other, "the result line is not the copy's output");
  }

  @Test
  void anAppThatExitsOnItsRestartIsCrashedAndTheSupervisorStaysForTheNextRequest()
      throws Exception {
    Path control = startSupervisor();
    Files.writeString(dir.resolve("broken"), "the new code fails at start");

    RestartAfterCopy first = restart();
    Exec crashed = exec(first.command("cat > /dev/null", control.toString()), "", first);
    assertEquals(1, crashed.exit, crashed.toString());
    assertEquals("crashed", first.result().orElseThrow().status(), first.result().toString());

    Files.delete(dir.resolve("broken"));
    RestartAfterCopy second = restart();
    Exec fixed = exec(second.command("cat > /dev/null", control.toString()), "", second);
    assertEquals(0, fixed.exit, fixed.toString());
    assertEquals("ok", second.result().orElseThrow().status());
  }

  @Test
  void aFailedCopyRequestsNoRestartAndLeavesNoResultLine() throws Exception {
    Path control = startSupervisor();
    RestartAfterCopy restart = restart();

    Exec exec = exec(restart.command("cat > /dev/null; echo 'tar: short read' >&2; exit 2",
        control.toString()), "x", restart);

    assertEquals(2, exec.exit, "the copy's own status");
    assertTrue(restart.result().isEmpty());
    assertEquals(List.of("tar: short read"), exec.other);
    assertFalse(Files.list(control).anyMatch(p -> p.toString().endsWith(".restart")));
  }

  @Test
  void requestIdsDifferAndFitTheProtocol() {
    String a = restart().id();
    String b = restart().id();
    assertFalse(a.equals(b));
    assertTrue(a.matches("[A-Za-z0-9_-]{1,64}"), a);
  }

  private static RestartAfterCopy restart() {
    return RestartAfterCopy.of(new Plan.LiveUpdate(List.of(), List.of("/app/classes/x"),
        List.of(), new Reload.Restart("/app/classes changed"))).orElseThrow();
  }

  /**
   * The real supervisor around an app that serves HTTP on a port (busybox httpd), or exits 3 at
   * start while the file "broken" exists; the supervisor waits for the port after a restart.
   */
  private Path startSupervisor() throws Exception {
    if (!Files.isExecutable(BUSYBOX)) {
      throw new AssertionError(BUSYBOX + " is missing: apt-get install -y busybox-static");
    }
    Path control = dir.resolve("control");
    int port = freePortBelowTheEphemeralRange();
    String app = "if [ -f '" + dir.resolve("broken") + "' ]; then exit 3; fi; exec " + BUSYBOX
        + " httpd -f -p 127.0.0.1:" + port + " -h '" + dir + "'";
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
        "-cp", Path.of(Control.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString(),
        "dev.liveupdate.supervisor.Supervisor", "--control", control.toString(),
        "--grace", "2s", "--", "sh", "-c", app));
    supervisor = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("supervisor.log").toFile()).start();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return Files.isDirectory(control);
      }
    });
    return control;
  }

  /**
   * A free port the supervisor waits for: not in the kernel's ephemeral range, whose ports it
   * leaves out (a bind to port 0 does not come back with the same number).
   */
  private static int freePortBelowTheEphemeralRange() throws IOException {
    // readAllLines, not readString: a /proc file says it has no size
    int low = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
        .get(0).trim().split("\\s+")[0]);
    for (int port = low - 1 - (int) (ProcessHandle.current().pid() % 5000); port > 1024; port--) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return port;
      } catch (IOException taken) {
        // the next one
      }
    }
    throw new IOException("no free port below " + low);
  }

  /** What the exec printed: the lines {@link RestartAfterCopy#take} did not keep, and its exit. */
  private record Exec(int exit, List<String> other) {}

  private static Exec exec(List<String> command, String stdin, RestartAfterCopy restart)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    List<String> other = new ArrayList<>();
    Thread stderr = new Thread(() -> read(process, true, restart, other));
    stderr.start();
    read(process, false, restart, other);
    stderr.join();
    assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the exec did not end");
    return new Exec(process.exitValue(), other);
  }

  private static void read(Process process, boolean stderr, RestartAfterCopy restart,
      List<String> other) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        stderr ? process.getErrorStream() : process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!restart.take(new Cluster.OutputLine(line, stderr))) {
          synchronized (other) {
            other.add(line);
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
