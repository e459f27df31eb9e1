package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/**
 * Hot-swaps in a real app JVM that the supervisor started with the agent
 * ({@code --child-java-tool-options -javaagent:...}): {@link SwapApp} serves what {@code demo.Greeter}
 * says in two class loaders, and the tests compile new versions of it with javac.
 */
class HotSwapTest {

  static final Pattern SERVED = Pattern.compile("system=(\\S+) isolated=(\\S+) pid=(\\d+) start=(\\d+)");

  @TempDir Path dir;
  Fixture fixture;
  Path classes;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture(dir);
    classes = Files.createDirectories(dir.resolve("app-classes"));
    Sources.compile(dir, classes, Map.of("demo.Greeter", greeter("v1", "")));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  static String greeter(String says, String more) {
    return "package demo; public class Greeter { public static String greet() { return \"" + says + "\"; } " + more + "}";
  }

  /** Starts the supervisor around {@link SwapApp} with the agent, and returns what the app first serves. */
  private Matcher startWithAgent() throws Exception {
    Path jar = AgentJar.build(dir);
    List<String> app = List.of(JavaProcess.JAVA, "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-cp",
        JavaProcess.location(SwapApp.class) + ":" + classes, SwapApp.class.getName(), Integer.toString(fixture.port),
        classes.toString());
    fixture.start(List.of("--child-java-tool-options", "-javaagent:" + jar + "=control=" + fixture.control), app, Map.of());
    Await.until("the app to serve", Await.DEFAULT, () -> fixture.get() != null, () -> fixture.supervisor.output());
    return served("v1");
  }

  private Matcher served(String version) {
    Matcher served = SERVED.matcher(fixture.get());
    assertTrue(served.matches(), served.toString());
    assertEquals(version, served.group(1), "the application class loader's Greeter");
    assertEquals(version, served.group(2), "the isolated class loader's Greeter");
    return served;
  }

  private Path classList(String... lines) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "classes", ".txt"), String.join("\n", lines) + "\n");
  }

  private JavaProcess hotswap(String client, Path list) throws Exception {
    return client.equals("java") ? fixture.javaClient("hotswap", list, "--id", "swap-1", "--wait", "30s")
        : fixture.shClient(Fixture.busyboxSh(), "hotswap", "swap-1", 30, list);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void aMethodBodyChangeIsServedByTheRunningJvmInEveryClassLoader(String client) throws Exception {
    Matcher before = startWithAgent();
    Path greeter = Sources.compile(dir, classes, Map.of("demo.Greeter", greeter("v2", ""))).get("demo.Greeter");

    long started = System.nanoTime();
    JavaProcess swap = hotswap(client, classList("demo.Greeter " + greeter));
    long wall = (System.nanoTime() - started) / 1_000_000;

    assertEquals(0, swap.process.exitValue(), swap.output());
    assertTrue(swap.out().get(0).matches("ok (\\d+) hot-swapped 2 class\\(es\\) in \\1 ms \\(1 name\\(s\\) in 2 class"
        + " loader\\(s\\)\\)"), swap.output());
    Matcher after = served("v2");
    assertEquals(before.group(3), after.group(3), "same pid");
    assertEquals(before.group(4), after.group(4), "same JVM start time");
    try (var left = Files.list(fixture.control)) {
      assertEquals(List.of(".agent.lock", "agent.pid", "devtools"), left.map(p -> p.getFileName().toString()).sorted()
          .collect(java.util.stream.Collectors.toList()), "the request and its result are collected");
    }
    System.out.println("hot-swap (" + client + " client, " + wall + " ms for the whole client run): " + swap.out().get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void aStructuralChangeIsRefusedAndChangesNothing(String client) throws Exception {
    Matcher before = startWithAgent();
    Path greeter = Sources.compile(dir, classes, Map.of("demo.Greeter",
        greeter("v2", "public static int added() { return 1; }"))).get("demo.Greeter");

    JavaProcess swap = hotswap(client, classList("demo.Greeter " + greeter));

    assertEquals(1, swap.process.exitValue(), swap.output());
    assertTrue(swap.out().get(0).matches("unsupported \\d+ demo.Greeter: class redefinition failed: attempted to add a"
        + " method; nothing was changed"), swap.output());
    assertEquals(before.group(3), served("v1").group(3), "the same JVM serves the old code");
  }

  @Test
  void theRefusedClassIsNamedAmongSeveralAndNoneIsChanged() throws Exception {
    Sources.compile(dir, classes, Map.of("demo.Helper", "package demo; public class Helper { int a; }",
        "demo.Greeter", greeter("v1", "static { new Helper(); }")));
    startWithAgent();
    Map<String, Path> next = Sources.compile(dir, classes, Map.of("demo.Helper",
        "package demo; public class Helper { int a; long b; }", "demo.Greeter", greeter("v2", "static { new Helper(); }")));

    JavaProcess swap = hotswap("java", classList("demo.Greeter " + next.get("demo.Greeter"),
        "demo.Helper " + next.get("demo.Helper")));

    assertEquals(1, swap.process.exitValue(), swap.output());
    assertTrue(swap.out().get(0).matches("unsupported \\d+ demo.Helper: class redefinition failed: attempted to change"
        + " the schema \\(add/remove fields\\); nothing was changed"), swap.output());
    served("v1");
  }

  @Test
  void classesNotLoadedYetAreNothingToDo() throws Exception {
    startWithAgent();
    Map<String, Path> next = Sources.compile(dir, classes, Map.of("demo.Greeter", greeter("v2", ""),
        "demo.Later", "package demo; public class Later {}"));

    JavaProcess swap = hotswap("java", classList("demo.Greeter " + next.get("demo.Greeter"),
        "demo.Later " + next.get("demo.Later")));

    assertEquals(0, swap.process.exitValue(), swap.output());
    assertTrue(swap.out().get(0).endsWith("; 1 listed class(es) not loaded yet (they will load from the new files)"),
        swap.output());
    served("v2");
  }

  @Test
  void receiveWritesTheClassAndHasItHotSwappedInTheSameExec() throws Exception {
    Matcher before = startWithAgent();
    Path next = Sources.compile(dir, Files.createDirectories(dir.resolve("next")), Map.of("demo.Greeter",
        greeter("v2", ""))).get("demo.Greeter");
    Path stream = new UpdateStream().file(classes + "/demo/Greeter.class", Files.readAllBytes(next), 0644).write(dir);

    JavaProcess receive = JavaProcess.start(JavaProcess.supervisorJava(Receive.class.getName(), List.of("--to",
        classes.toString(), "--then", "hotswap", "--id", "u1", "--wait", "30s", "--control", fixture.control.toString())),
        Map.of(), dir.resolve("logs"), stream);

    assertEquals(0, receive.awaitExit(), receive.output());
    assertTrue(receive.out().get(0).matches("ok \\d+ hot-swapped 2 class\\(es\\) in \\d+ ms .*"), receive.output());
    assertEquals(before.group(3), served("v2").group(3));
  }

  @Test
  void onlyTheFirstJvmWithTheAgentTakesHotSwaps() throws Exception {
    String agent = "-javaagent:" + AgentJar.build(dir) + "=control=" + fixture.control;
    JavaProcess first = fixture.process(swapApp(agent, fixture.port), Map.of());
    first.awaitLine("the first app", line -> line.startsWith("swapapp listening"));
    JavaProcess second = fixture.process(swapApp(agent, Fixture.freePortOutsideEphemeralRange()), Map.of());

    second.awaitLine("the second agent's word", line -> line.equals(Log.AGENT_PREFIX + "another JVM of this container"
        + " takes the hot-swap requests in " + fixture.control + "; this one (pid " + second.process.pid() + ") does not"));
    assertEquals(first.process.pid() + "\n", Files.readString(fixture.control.resolve("agent.pid")));
  }

  private List<String> swapApp(String agent, int port) {
    return List.of(JavaProcess.JAVA, agent, "-cp", JavaProcess.location(SwapApp.class) + ":" + classes,
        SwapApp.class.getName(), Integer.toString(port), classes.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void withoutAnAgentTheClientSaysSoAtOnce(String client) throws Exception {
    fixture.startServing();

    JavaProcess swap = hotswap(client, classList("demo.Greeter " + classes.resolve("demo/Greeter.class")));

    assertEquals(3, swap.process.exitValue(), swap.output());
    assertEquals("unavailable 0 no hot-swap agent: " + fixture.control.resolve("agent.pid") + " is missing (the app"
        + " runs without -javaagent:liveupdate-supervisor.jar, or has not started)", swap.out().get(0));
  }

  @Test
  void aBadClassListIsRefusedWithTheLine() throws Exception {
    startWithAgent();

    JavaProcess swap = hotswap("java", classList("demo.Greeter relative/Greeter.class"));

    assertEquals(1, swap.process.exitValue(), swap.output());
    assertTrue(swap.out().get(0).matches("failed \\d+ line 1 of the class list must be 'BINARY_NAME"
        + " /ABSOLUTE/PATH.class', got 'demo.Greeter relative/Greeter.class'; nothing was changed"), swap.output());
    served("v1");
  }
}
