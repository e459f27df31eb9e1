package dev.liveupdate.javaloop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.LiveUpdateConfigReader;
import dev.liveupdate.config.Target;
import dev.liveupdate.engine.DevLoop;
import dev.liveupdate.engine.RunBounds;
import dev.liveupdate.engine.RunSummary;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.jib.JibLayout;
import dev.liveupdate.jib.JibSettings;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java loop on a module on disk, with the real compiler, against a cluster in memory that
 * answers as the dev image's containers do; the dev loop runs on virtual time.
 */
class JavaLoopTest {

  @TempDir Path base;

  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final ScriptedCluster cluster = new ScriptedCluster();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private int saves;
  private FakeProject project;
  private JavaSession session;
  private DevLoop loop;

  @BeforeEach
  void module() throws Exception {
    Files.writeString(base.resolve("pom.xml"), "<project/>");
    write("demo/App.java", app("v1"));
    Files.createDirectories(base.resolve("src/main/resources/static"));
    Files.writeString(base.resolve("src/main/resources/static/hello.txt"), "hello v1");
    project = new FakeProject(CompilerSettings.defaults(base, List.of()).withRelease("17"));
    JibLayout.Inferred layout = (JibLayout.Inferred) JibLayout.infer(
        JibSettings.builder(base).toImage("reg/app").build());
    LiveUpdateConfig config = LiveUpdateConfigReader.readInferred(null, base,
        base.resolve("target"), Duration.ofMillis(50), Duration.ofSeconds(1),
        InferredSyncs.rules(layout, base.resolve("target/classes")),
        InferredSyncs.app(layout, base.resolve("target/classes")));
    cluster.containers = List.of(ScriptedCluster.container("app-1"),
        ScriptedCluster.container("app-2"));
    session = JavaSession.on(config.withTarget(new Target(Optional.of("app"), Optional.empty(),
            Optional.of("app"), Optional.empty(), Optional.empty())), cluster,
        "deployment/app in namespace default", project, Duration.ofSeconds(5),
        Duration.ofSeconds(5), events::add);
    InstantSource clock = () -> now;
    loop = new DevLoop(session.loop().changes(timeout -> {
      ChangeBatch batch = batches.poll();
      if (batch == null) {
        now = now.plus(timeout); // what waiting that long for a change would have taken
      }
      return batch;
    }), session.engine(), clock);
  }

  @AfterEach
  void close() {
    session.loop().close();
    session.engine().close();
  }

  @Test
  void theStartCompilesWhatIsStaleAndRollsTheDevImageOutOnceWhereNoSupervisorRuns()
      throws Exception {
    cluster.supervised = false;

    JavaLoop.Start start = session.loop().start(true);

    assertEquals(JavaLoop.State.ROLLED_OUT, start.state());
    assertTrue(Files.isRegularFile(base.resolve("target/classes/demo/App.class")));
    assertTrue(Files.isRegularFile(base.resolve("target/classes/static/hello.txt")));
    assertEquals(List.of("reg/app@sha256:1"), cluster.rollouts);
    assertEquals(List.of("app-1/app (no /opt/liveupdate/control)",
        "app-2/app (no /opt/liveupdate/control)"), start.missing());
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.RebuildStarted r
        && r.reason().contains("run no live-update supervisor")), events.toString());
    assertEquals(List.of(), cluster.copies, "the new image holds everything");
  }

  @Test
  void containersRunningTheSupervisorNeedNoRolloutAndWithoutOneAllowedItIsOnlyReported()
      throws Exception {
    assertEquals(JavaLoop.State.READY, session.loop().start(true).state());
    cluster.supervised = false;
    JavaLoop.Start start = session.loop().start(false);
    assertEquals(JavaLoop.State.SUPERVISOR_MISSING, start.state());
    assertEquals(2, start.missing().size());
    assertEquals(List.of(), cluster.rollouts);
  }

  @Test
  void aSavedSourceIsCompiledAndSyncedWithTheRestartInOneExecPerContainer() throws Exception {
    session.loop().start(true);

    Path app = write("demo/App.java", app("v2"));
    RunSummary summary = run(ChangeBatch.of(Set.of(app), Set.of()));

    assertEquals(1, summary.updates());
    assertEquals(List.of(), summary.failures());
    assertEquals(2, cluster.copies.size(), "one exec per container");
    for (ScriptedCluster.Exec exec : cluster.copies) {
      assertTrue(exec.restarts(), exec.toString());
      assertEquals(List.of("app/classes/demo/App.class"), exec.entries());
    }
    assertEquals(2, events.stream().filter(e -> e instanceof DevEvent.AppRestarted r && r.ok())
        .count());
    for (ScriptedCluster.Exec exec : cluster.copies) {
      List<String> command = exec.command();
      assertEquals("hotswap restart", command.get(command.size() - 2),
          "a method body edit is hot-swapped first: " + command);
      assertEquals("demo.App /app/classes/demo/App.class\n", command.get(command.size() - 1));
    }
  }

  @Test
  void aFieldAddedIsNoHotSwapAndEachContainerSaysWhy() throws Exception {
    session.loop().start(true);

    Path app = write("demo/App.java", app("v2").replace("public class App {",
        "public class App {\n  static int count;"));
    run(ChangeBatch.of(Set.of(app), Set.of()));

    assertEquals(2, cluster.copies.size(), "one exec per container");
    for (ScriptedCluster.Exec exec : cluster.copies) {
      assertEquals("restart", exec.command().get(exec.command().size() - 2));
      assertEquals("", exec.command().get(exec.command().size() - 1));
    }
    assertEquals(List.of("App: field added count", "App: field added count"), events.stream()
        .filter(e -> e instanceof DevEvent.ReloadEscalated).map(e -> ((DevEvent.ReloadEscalated) e)
            .why()).toList());
  }

  @Test
  void aDeletedSourceDeletesItsClassesInTheContainersClassesOnly() throws Exception {
    Path extra = write("demo/Extra.java", "package demo; class Extra { class Inner {} }");
    session.loop().start(true);

    Files.delete(extra);
    run(ChangeBatch.of(Set.of(), Set.of(extra)));

    assertEquals(List.of("/app/classes/demo/Extra$Inner.class", "/app/classes/demo/Extra.class"),
        cluster.copies.get(0).removals().stream().sorted().toList());
    assertFalse(Files.exists(base.resolve("target/classes/demo/Extra.class")));
  }

  @Test
  void aCompileErrorSyncsNothingAndTheFixSyncsWithTheResourcesHeldMeanwhile() throws Exception {
    session.loop().start(true);

    Path app = write("demo/App.java", app("v2").replace("return", "return oops +"));
    Path hello = base.resolve("src/main/resources/static/hello.txt");
    Files.writeString(hello, "hello v2");
    run(ChangeBatch.of(Set.of(app, hello), Set.of()));

    assertEquals(List.of(), cluster.copies);
    String errors = events.stream().filter(e -> e instanceof DevEvent.CompileFailed)
        .map(e -> ((DevEvent.CompileFailed) e).errors()).findFirst().orElseThrow();
    assertTrue(errors.startsWith(app + ":3: error: cannot find symbol"), errors);
    assertTrue(errors.endsWith("1 error"), errors);

    write("demo/App.java", app("v3"));
    run(ChangeBatch.of(Set.of(app), Set.of()));

    assertEquals(List.of("app/classes/demo/App.class", "app/resources/static/hello.txt"),
        cluster.copies.get(0).entries().stream().sorted().toList());
  }

  @Test
  void aCrashedRestartIsTheAppsFailureAndIsNotRetried() throws Exception {
    session.loop().start(true);
    cluster.restartAnswer = "crashed 310 the app exited with status 1 before it was ready";

    RunSummary summary = run(ChangeBatch.of(Set.of(write("demo/App.java", app("v2"))),
        Set.of()));

    assertEquals(2, cluster.copies.size(), "no retry: the files are in, the code is broken");
    assertEquals(2, summary.failures().size());
    assertTrue(summary.failures().get(0).contains("the app's restart ended 'crashed'"),
        summary.failures().toString());
    assertTrue(events.stream().noneMatch(e -> e instanceof DevEvent.ContainerUpdateFailed),
        "not a transport failure");

    cluster.restartAnswer = "ok 500 restarted app in 500 ms: pid 12 listening on 8080";
    run(ChangeBatch.of(Set.of(write("demo/App.java", app("v3"))), Set.of()));
    assertEquals(4, cluster.copies.size(), "the next save restarts it");
    assertEquals(List.of("crashed", "crashed", "ok", "ok"), events.stream()
        .filter(e -> e instanceof DevEvent.AppRestarted).map(e -> ((DevEvent.AppRestarted) e)
            .status()).toList());
  }

  @Test
  void aPomChangeReadsTheProjectAgainAndRollsOutThenTheNewClasspathCompiles() throws Exception {
    session.loop().start(true);
    Path lib = library();
    project.afterReload = CompilerSettings.defaults(base, List.of(lib)).withRelease("17");
    project.pomChanged = true;

    run(ChangeBatch.of(Set.of(base.resolve("pom.xml")), Set.of()));

    assertEquals(1, project.reloads.get());
    assertEquals(List.of("reg/app@sha256:1"), cluster.rollouts);
    assertEquals(List.of(), cluster.copies);

    Path app = write("demo/App.java", app("v2").replace("\"v2\"", "lib.Lib.word()"));
    run(ChangeBatch.of(Set.of(app), Set.of()));
    assertTrue(events.stream().noneMatch(e -> e instanceof DevEvent.CompileFailed),
        events.toString());
    assertEquals(List.of("app/classes/demo/App.class"), cluster.copies.get(0).entries());
  }

  @Test
  void aPomThatCannotBeReadFailsTheRebuildAndTheLoopGoesOn() throws Exception {
    session.loop().start(true);
    project.pomChanged = true;
    project.reloadFailure = "cannot resolve com.example:gone:jar:1.0 of the changed POM";

    RunSummary summary = run(ChangeBatch.of(Set.of(base.resolve("pom.xml")), Set.of()));

    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.RebuildFailed f
        && f.reason().equals(project.reloadFailure)), events.toString());
    assertEquals(List.of(), cluster.rollouts);
    assertTrue(summary.failures().get(0).contains("rebuild failed"), summary.failures().toString());
  }

  private RunSummary run(ChangeBatch batch) throws InterruptedException {
    batches.add(batch);
    return loop.run(new RunBounds(0, Duration.ofSeconds(5)));
  }

  /**
   * Writes a source dated after every class file written so far, as an editor saves it (file
   * times are only as fine as the kernel's clock tick; a save may share one with a compile).
   */
  private Path write(String relative, String content) throws Exception {
    Path file = base.resolve("src/main/java").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()
        + 10_000L * ++saves));
    return file;
  }

  private static String app(String version) {
    return "package demo;\npublic class App {\n  public static String v() { return \"" + version
        + "\"; }\n}\n";
  }

  /** A dependency's classes, as a new {@code <dependency>} would put them on the classpath. */
  private Path library() throws Exception {
    Path source = base.resolve("lib-src/lib/Lib.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package lib; public class Lib { public static String word() "
        + "{ return \"lib\"; } }");
    Path classes = base.resolve("lib-classes");
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), source.toString()));
    return classes;
  }
}
