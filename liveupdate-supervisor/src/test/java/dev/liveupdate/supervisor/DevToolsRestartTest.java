package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.supervisor.springapp.DevToolsApp;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DevTools restarts of a real Spring Boot 3.5 web app ({@link DevToolsApp}) that the supervisor
 * started with {@link Control#devToolsJavaToolOptions} in its JAVA_TOOL_OPTIONS, as the dev image
 * starts it: a classpath directory holds what the tests change, as {@code /app/resources} does.
 */
class DevToolsRestartTest {

  static final Pattern SERVED = Pattern.compile(
      "greeting=(\\S+) pid=(\\d+) start=(\\d+) context=(\\d+) loader=(\\S+)");
  static final Duration SPRING_START = Duration.ofSeconds(120);

  @TempDir Path dir;
  Fixture fixture;
  Path resources;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture(dir);
    resources = Files.createDirectories(dir.resolve("app-resources"));
    Files.writeString(resources.resolve("greeting.txt"), "v1");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private Matcher start() throws Exception {
    List<String> classpath = new ArrayList<>(List.of(resources.toString(), JavaProcess.location(DevToolsApp.class)));
    classpath.addAll(jars());
    List<String> app = List.of(JavaProcess.JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        String.join(File.pathSeparator, classpath), DevToolsApp.class.getName(), "--server.port=" + fixture.port);
    fixture.start(List.of("--child-java-tool-options", Control.devToolsJavaToolOptions(fixture.control.toString())),
        app, Map.of());
    Await.until("the Spring app to serve", SPRING_START, () -> fixture.get() != null, () -> fixture.supervisor.output());
    return served("v1");
  }

  /** The test class path's jars (Spring Boot, devtools, Tomcat...), as the app's {@code /app/libs}. */
  private static List<String> jars() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jars = List.of(path.split(File.pathSeparator)).stream().filter(p -> p.endsWith(".jar"))
        .collect(Collectors.toList());
    assertTrue(jars.stream().anyMatch(j -> j.contains("spring-boot-devtools")), "devtools on the test class path: " + path);
    return jars;
  }

  private Matcher served(String greeting) {
    Matcher served = SERVED.matcher(fixture.get());
    assertTrue(served.matches(), served.toString());
    assertEquals(greeting, served.group(1));
    assertEquals("RestartClassLoader", served.group(5), "DevTools runs the app in its restart class loader");
    return served;
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void aTriggerRestartsTheContextInTheSameJvmAndAnswersOnceItServes(String client) throws Exception {
    Matcher before = start();
    Files.writeString(resources.resolve("greeting.txt"), "v2"); // the update, synced

    JavaProcess restart = client.equals("java") ? fixture.javaClient("devtools", (Path) null, "--id", "dt-1", "--wait", "120s")
        : fixture.shClient(Fixture.busyboxSh(), "devtools", "dt-1", 120, null);

    assertEquals(0, restart.process.exitValue(), restart.output() + fixture.supervisor.output());
    Matcher ok = Pattern.compile("ok (\\d+) restarted app with DevTools in \\1 ms: pid (\\d+) listening on (\\d+)")
        .matcher(restart.out().get(0));
    assertTrue(ok.matches(), restart.output());
    assertEquals(before.group(2), ok.group(2), "the same JVM");
    Matcher after = served("v2"); // on the first try: ready means serving
    assertEquals(before.group(2), after.group(2), "same pid");
    assertEquals(before.group(3), after.group(3), "same JVM start time");
    assertNotEquals(before.group(4), after.group(4), "a new application context");
    System.out.println("DevTools restart to ready (" + client + " client): " + restart.out().get(0) + "; the app's own"
        + " start-up: " + fixture.supervisor.out().stream().filter(line -> line.contains("Started DevToolsApp in"))
        .map(line -> line.substring(line.indexOf("Started DevToolsApp in"))).collect(Collectors.toList()));
  }

  @Test
  void withNothingChangedDevToolsDoesNotRestartAndThePluginIsToldToEscalate() throws Exception {
    Matcher before = start();

    JavaProcess restart = fixture.javaClient("devtools", (Path) null, "--id", "dt-idle", "--wait", "60s");

    assertEquals(1, restart.process.exitValue(), restart.output());
    assertTrue(restart.out().get(0).matches("unsupported \\d+ DevTools did not restart the app within 5000 ms of"
        + " touching " + Pattern.quote(fixture.control.resolve("devtools/liveupdate-trigger").toString())
        + ": is spring-boot-devtools on its classpath, with the trigger file set, and did the update change a file"
        + " DevTools restarts for\\?"), restart.output());
    assertEquals(before.group(4), served("v1").group(4), "the same context serves");
  }

  @Test
  void aContextThatFailsIsReportedAndTheNextUpdateRecovers() throws Exception {
    Matcher before = start();
    Files.writeString(resources.resolve("greeting.txt"), "fail");

    JavaProcess broken = fixture.javaClient("devtools", (Path) null, "--id", "dt-fail", "--wait", "120s");

    assertEquals(1, broken.process.exitValue(), broken.output());
    assertTrue(broken.out().get(0).matches("crashed \\d+ the DevTools restart of the app \\(pid " + before.group(2)
        + "\\) failed: main ended without listening on TCP " + fixture.port + " \\(the app's log says why\\); DevTools"
        + " waits for the next change, or request a restart"), broken.output() + fixture.supervisor.output());

    Files.writeString(resources.resolve("greeting.txt"), "v3");
    JavaProcess fixed = fixture.javaClient("devtools", (Path) null, "--id", "dt-fixed", "--wait", "120s");

    assertEquals(0, fixed.process.exitValue(), fixed.output() + fixture.supervisor.output());
    assertEquals(before.group(2), served("v3").group(2), "still the same JVM");
  }
}
