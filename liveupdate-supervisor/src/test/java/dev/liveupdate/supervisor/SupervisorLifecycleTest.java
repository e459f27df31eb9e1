package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The supervisor as a container's PID 1 without restarts: output, signals, exit statuses. Real processes. */
class SupervisorLifecycleTest {

  static final String KILL = "/usr/bin/kill";

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

  @Test
  void passesTheAppsOutputThroughAndExitsWithTheFirstAppsStatus() throws Exception {
    fixture.mode("exit:7");
    JavaProcess supervisor = fixture.start(List.of(), Map.of());

    assertEquals(7, supervisor.awaitExit());
    assertTrue(supervisor.out().contains("hello from the app"), supervisor.output());
    assertTrue(supervisor.out().stream().noneMatch(line -> line.startsWith(Log.PREFIX)), "supervisor lines go to stderr");
    assertTrue(supervisor.err().stream().allMatch(line -> line.startsWith(Log.PREFIX)), supervisor.output());
    assertTrue(supervisor.err().stream().anyMatch(line -> line.endsWith("exited with status 7; exiting with it")),
        supervisor.output());
  }

  @Test
  void forwardsSigtermAndExitsWithTheAppsStatus() throws Exception {
    fixture.mode("signals");
    long app = fixture.startServing();

    fixture.supervisor.process.destroy(); // SIGTERM, as podman stop and the kubelet send it

    assertEquals(115, fixture.supervisor.awaitExit());
    assertTrue(fixture.supervisor.out().contains("testapp got SIGTERM"), fixture.supervisor.output());
    assertTrue(JavaProcess.gone(app), "the app is gone");
  }

  @ParameterizedTest
  @CsvSource({"INT,102", "HUP,101"})
  void forwardsSigintAndSighupAsThemselvesWhenAKillProgramIsThere(String signal, int status) throws Exception {
    assertTrue(Files.isExecutable(Path.of(KILL)), KILL + " is missing: apt-get install -y procps");
    fixture.mode("signals");
    fixture.startServing();

    new ProcessBuilder(KILL, "-s", signal, Long.toString(fixture.supervisor.process.pid())).inheritIO().start().waitFor();

    assertEquals(status, fixture.supervisor.awaitExit());
    assertTrue(fixture.supervisor.out().contains("testapp got SIG" + signal), fixture.supervisor.output());
  }

  @Test
  void killsAnAppThatIgnoresSigtermWhenTheGracePeriodEnds() throws Exception {
    fixture.mode("ignore-term");
    fixture.startServing("--grace", "500ms");

    long start = System.nanoTime();
    fixture.supervisor.process.destroy();

    assertEquals(137, fixture.supervisor.awaitExit());
    assertTrue(Durations.millisSince(start) >= 500, "waited the grace period");
    assertTrue(fixture.supervisor.out().contains("testapp ignores SIGTERM"), fixture.supervisor.output());
    assertTrue(fixture.supervisor.err().stream().anyMatch(line -> line.endsWith("still running after 500 ms: SIGKILL")),
        fixture.supervisor.output());
  }

  @Test
  void addsChildJavaToolOptionsToTheAppsEnvironmentOnly() throws Exception {
    JavaProcess supervisor = fixture.start(List.of("--child-java-tool-options", "-Dliveupdate.test=yes"),
        Map.of("JAVA_TOOL_OPTIONS", "-Dfrom.image=1"));

    supervisor.awaitLine("the app's first line", line -> line.startsWith("testapp pid="));
    assertTrue(supervisor.out().stream().anyMatch(
        line -> line.endsWith("jto=-Dfrom.image=1 -Dliveupdate.test=yes prop=yes")), supervisor.output());
    // Each JVM says what it picked up: the supervisor the image's options, the app both.
    assertTrue(supervisor.err().contains("Picked up JAVA_TOOL_OPTIONS: -Dfrom.image=1"), supervisor.output());
    assertTrue(supervisor.err().contains("Picked up JAVA_TOOL_OPTIONS: -Dfrom.image=1 -Dliveupdate.test=yes"),
        supervisor.output());
  }

  @Test
  void warnsWhenJavaToolOptionsLoadAnAgentIntoItsOwnJvm() throws Exception {
    String jdwp = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0";
    JavaProcess supervisor = fixture.start(List.of(), Map.of("JAVA_TOOL_OPTIONS", jdwp));

    supervisor.awaitLine("the warning", line -> line.equals(Log.PREFIX + "JAVA_TOOL_OPTIONS loads an agent into the"
        + " supervisor's JVM too, not only into the app's (a JDWP agent there takes the debug port before the app"
        + " can): give it to the app alone with --child-java-tool-options"));
    assertTrue(supervisor.out().stream().filter(line -> line.startsWith("Listening for transport dt_socket")).count() >= 1,
        "the agent really is in the supervisor" + supervisor.output());
  }

  @Test
  void dropsRequestsLeftFromBeforeItStarted() throws Exception {
    Files.createDirectories(fixture.control);
    Files.write(fixture.control.resolve("old-1.restart"), new byte[0]);
    Files.write(fixture.control.resolve("old-2.devtools"), new byte[0]);
    Files.writeString(fixture.control.resolve("old-3.hotswap"), "demo.A /app/classes/demo/A.class\n");
    long app = fixture.startServing();

    fixture.supervisor.awaitLine("the drop", line -> line.endsWith("dropped 2 request(s) left from before: old-1.restart"
        + " old-2.devtools") || line.endsWith("dropped 2 request(s) left from before: old-2.devtools old-1.restart"));
    assertFalse(Files.exists(fixture.control.resolve("old-1.restart")));
    assertFalse(Files.exists(fixture.control.resolve("old-2.devtools")));
    assertTrue(Files.exists(fixture.control.resolve("old-3.hotswap")), "hot-swaps are the agent's to serve");
    assertFalse(Files.exists(fixture.control.resolve("old-1.result")));
    assertEquals("pid=" + app, fixture.get());
  }

  @Test
  void refusesABadCommandLineNamingTheOption() throws Exception {
    JavaProcess noCommand = fixture.process(
        JavaProcess.supervisorJava(Supervisor.class.getName(), List.of("--grace", "5s")), Map.of());
    JavaProcess badGrace = fixture.process(
        JavaProcess.supervisorJava(Supervisor.class.getName(), List.of("--grace", "soon", "--", "true")), Map.of());

    assertEquals(2, noCommand.awaitExit());
    assertEquals(Log.PREFIX + "the app's command must follow '--'", noCommand.err().get(0));
    assertEquals(2, badGrace.awaitExit());
    assertEquals(Log.PREFIX + "--grace must be a duration such as 250ms, 10s or 2m, got 'soon'", badGrace.err().get(0));
  }

  @Test
  void exitsWith125WhenTheControlDirectoryIsUnusable() throws Exception {
    Files.writeString(fixture.control, "a file, not a directory");
    JavaProcess supervisor = fixture.start(List.of(), Map.of());

    assertEquals(125, supervisor.awaitExit());
    assertTrue(supervisor.err().get(0).startsWith(Log.PREFIX + "cannot use the control directory " + fixture.control),
        supervisor.output());
    assertTrue(supervisor.out().isEmpty(), "the app was not started");
  }

  @Test
  void exitsWith127WhenTheAppCannotBeStarted() throws Exception {
    JavaProcess supervisor = fixture.start(List.of(), List.of(dir.resolve("no-such-program").toString()), Map.of());

    assertEquals(127, supervisor.awaitExit());
    assertTrue(supervisor.err().stream().anyMatch(line -> line.contains("cannot start the app")), supervisor.output());
  }
}
