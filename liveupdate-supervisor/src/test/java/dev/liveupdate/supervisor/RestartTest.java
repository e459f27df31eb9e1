package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Restarts through the control directory, with both clients, real supervisor and app JVMs. */
class RestartTest {

  static final Pattern OK = Pattern.compile("ok (\\d+) restarted app in \\1 ms: pid (\\d+) listening on (\\d+)");

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture(dir);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"watch", "poll"})
  void theJavaClientGetsTheTimeUntilTheNewAppListens(String noticing) throws Exception {
    long first = noticing.equals("poll") ? fixture.startServing("--poll", "20ms") : fixture.startServing();
    fixture.mode("slow:700"); // the next run takes 700 ms to start listening

    JavaProcess client = fixture.javaClient("--wait", "60s", "--id", "java-1");

    assertEquals(0, client.process.exitValue(), client.output());
    Matcher ok = OK.matcher(client.out().get(0));
    assertTrue(ok.matches(), client.output());
    assertTrue(Long.parseLong(ok.group(1)) >= 700, "counted until ready, not until spawned: " + ok.group());
    assertNotEquals(first, Long.parseLong(ok.group(2)));
    assertEquals(fixture.port, Integer.parseInt(ok.group(3)));
    assertEquals("pid=" + ok.group(2), fixture.get(), "serving at once, on the first try");
    assertFalse(Files.exists(fixture.control.resolve("java-1.result")), "the client collects its result");
    assertTrue(JavaProcess.gone(first), "the old app is gone");
  }

  @ParameterizedTest
  @ValueSource(strings = {"busybox", "/bin/sh"})
  void theShScriptGetsTheSameResult(String shell) throws Exception {
    List<String> sh = shell.equals("busybox") ? Fixture.busyboxSh() : List.of(shell);
    long first = fixture.startServing();

    JavaProcess client = fixture.shClient(sh, "sh-1", 60);

    assertEquals(0, client.process.exitValue(), client.output());
    Matcher ok = OK.matcher(client.out().get(0));
    assertTrue(ok.matches(), client.output());
    assertNotEquals(first, Long.parseLong(ok.group(2)));
    assertEquals("pid=" + ok.group(2), fixture.get());
    assertTrue(client.err().isEmpty(), client.output());
    try (var left = Files.list(fixture.control)) {
      assertEquals(List.of(ControlDirectory.DEVTOOLS_DIR), left.map(p -> p.getFileName().toString())
          .collect(java.util.stream.Collectors.toList()), "nothing left but the DevTools trigger's folder");
    }
  }

  @Test
  void anAppThatBreaksAfterARestartLeavesTheSupervisorWaitingForTheFix() throws Exception {
    fixture.startServing();
    fixture.mode("crash");

    JavaProcess broken = fixture.javaClient("--id", "broken");

    assertEquals(1, broken.process.exitValue(), broken.output());
    assertTrue(broken.out().get(0).matches("crashed \\d+ the app \\(pid \\d+\\) exited with status 3 before it was ready;"
        + " waiting for the next restart request"), broken.output());
    assertTrue(fixture.supervisor.process.isAlive(), fixture.supervisor.output());
    assertEquals(null, fixture.get());

    fixture.mode("serve");
    JavaProcess fixed = fixture.javaClient("--id", "fixed");

    assertEquals(0, fixed.process.exitValue(), fixed.output());
    Matcher ok = OK.matcher(fixed.out().get(0));
    assertTrue(ok.matches(), fixed.output());
    assertEquals("pid=" + ok.group(2), fixture.get());
  }

  @Test
  void anAppThatExitsByItselfAfterARestartIsStartedByTheNextRequest() throws Exception {
    fixture.startServing();
    assertEquals(0, fixture.javaClient().process.exitValue());
    long restarted = fixture.awaitServing();

    ProcessHandle.of(restarted).orElseThrow().destroy();
    fixture.supervisor.awaitLine("the exit", line -> line.endsWith(
        "app (pid " + restarted + ") exited by itself with status 143; waiting for the next restart request"));
    assertTrue(fixture.supervisor.process.isAlive());

    JavaProcess client = fixture.javaClient();
    assertEquals(0, client.process.exitValue(), client.output());
    assertTrue(OK.matcher(client.out().get(0)).matches(), client.output());
    fixture.supervisor.awaitLine("the start", line -> line.contains("no app running; starting it, then waiting for TCP "
        + fixture.port));
  }

  @Test
  void anAppThatListensOnNothingIsReadyOnceStarted() throws Exception {
    fixture.mode("nolisten");
    fixture.start(List.of(), Map.of()).awaitLine("the app", line -> line.startsWith("testapp pid="));

    JavaProcess client = fixture.javaClient();

    assertEquals(0, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).matches(
        "ok \\d+ restarted app in \\d+ ms: pid \\d+ started \\(the previous app listened on no TCP port\\)"),
        client.output());
  }

  @Test
  void portsFromTheEphemeralRangeAreNotWaitedFor() throws Exception {
    fixture.start(List.of(), JavaProcess.testApp(fixture.state, 0), Map.of())
        .awaitLine("the app", line -> line.equals("testapp listening on 0"));

    JavaProcess client = fixture.javaClient();

    assertEquals(0, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).endsWith("started (the previous app listened on no TCP port)"), client.output());
    fixture.supervisor.awaitLine("the reason", line -> line.matches(".*not waiting for TCP \\d+: in the ephemeral range"
        + " \\d+-\\d+, likely bound to port 0 \\(name ports with --ready-ports\\)"));
  }

  @Test
  void anAppThatDoesNotListenAgainInTimeIsReportedNotReady() throws Exception {
    fixture.startServing("--ready-timeout", "1s");
    fixture.mode("nolisten");

    JavaProcess client = fixture.javaClient();

    assertEquals(1, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).matches("notready \\d+ the app \\(pid \\d+\\) is not listening on TCP " + fixture.port
        + " after 1000 ms \\(--ready-timeout\\); left running"), client.output());
  }

  @Test
  void anAppBelowAShellIsFoundListeningAndItsOrphansAreKilled() throws Exception {
    // sh -c without exec: the JVM is a grandchild, and dash does not pass SIGTERM on to it
    String app = String.join(" ", JavaProcess.testApp(fixture.state, fixture.port)) + "; echo shell-done";
    fixture.start(List.of("--grace", "2s"), List.of("/bin/sh", "-c", app), Map.of());
    long first = fixture.awaitServing();

    JavaProcess client = fixture.javaClient();

    assertEquals(0, client.process.exitValue(), client.output());
    Matcher ok = OK.matcher(client.out().get(0));
    assertTrue(ok.matches(), client.output());
    assertEquals("pid=" + fixture.awaitServing(), fixture.get());
    assertTrue(JavaProcess.gone(first), "the orphaned app JVM was killed");
  }

  @Test
  void sigtermDuringARestartAnswersTheRequestAndStopsTheNewApp() throws Exception {
    fixture.startServing();
    fixture.mode("slow:20000");
    JavaProcess client = fixture.process(JavaProcess.supervisorJava(Control.class.getName(),
        List.of("restart", "--control", fixture.control.toString(), "--id", "interrupted")), Map.of());
    fixture.supervisor.awaitLine("the new app's start", line -> line.startsWith("testapp pid=") && line.contains("mode=slow"));

    fixture.supervisor.process.destroy();

    assertEquals(143, fixture.supervisor.awaitExit(), fixture.supervisor.output());
    assertEquals(1, client.awaitExit(), client.output());
    assertTrue(client.out().get(0).matches("failed \\d+ the supervisor is stopping \\(SIGTERM\\)"), client.output());
  }

  @Test
  void concurrentRequestsAreAllAnswered() throws Exception {
    fixture.startServing();
    JavaProcess a = fixture.process(JavaProcess.supervisorJava(Control.class.getName(),
        List.of("restart", "--control", fixture.control.toString(), "--id", "a")), Map.of());
    JavaProcess b = fixture.process(JavaProcess.supervisorJava(Control.class.getName(),
        List.of("restart", "--control", fixture.control.toString(), "--id", "b")), Map.of());

    assertEquals(0, a.awaitExit(), a.output());
    assertEquals(0, b.awaitExit(), b.output());
    assertTrue(OK.matcher(a.out().get(0)).matches(), a.output());
    assertTrue(OK.matcher(b.out().get(0)).matches(), b.output());
  }
}
