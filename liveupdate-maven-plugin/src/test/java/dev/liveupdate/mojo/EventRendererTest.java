package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.engine.RunProblems;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.FileCopy;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.logging.Log;
import org.junit.jupiter.api.Test;

/** Every event type is rendered, at the level it carries; causes show under -X only. */
class EventRendererTest {

  private static final ContainerRef CONTAINER =
      new ContainerRef("default", "api-1", "api", "containerd://1");

  private static final Path BASEDIR = Path.of("/work/module").toAbsolutePath();

  private final RecordingLog log = new RecordingLog();
  private final EventRenderer renderer =
      new EventRenderer(log, BASEDIR, "liveupdate:dev (api)", MarkedStyles::new);

  /** Fails as soon as a new DevEvent type is added without a rendering. */
  @Test
  void everyEventTypeHasARendering() throws Exception {
    for (Class<?> type : DevEvent.class.getPermittedSubclasses()) {
      DevEvent sample = sample(type);
      log.lines.clear();

      assertTrue(renderer.render(sample), "no rendering for " + type.getSimpleName());
      assertFalse(log.lines.isEmpty(), type.getSimpleName() + " rendered nothing");
    }
  }

  @Test
  void aRebuildNeededSaysWhatToDoAndNothingAboutRebuildsBeingUnsupported() {
    renderer.on(new DevEvent.RebuildNeeded("docs/notes.md matches no <sync>",
        "configure <liveUpdate><image> to have the image rebuilt and rolled out"));

    assertEquals(List.of("warn: Needs a full rebuild: docs/notes.md matches no <sync> (synced"
        + " changes are still applied; configure <liveUpdate><image> to have the image rebuilt"
        + " and rolled out)"), log.lines);
  }

  @Test
  void rebuildProgressIsRenderedAtItsLevel() {
    renderer.on(new DevEvent.RebuildProgress("pushing", DevEvent.Level.INFO));
    renderer.on(new DevEvent.RebuildProgress("slow registry", DevEvent.Level.WARNING));
    renderer.on(new DevEvent.RebuildProgress("push refused", DevEvent.Level.ERROR));

    assertEquals(List.of("info:   pushing", "warn:   slow registry", "error:   push refused"),
        log.lines);
  }

  /**
   * A bounded run fails on any [ERROR] of the session: every event rendered at error level is a
   * problem the session counts ({@link RunProblems}), except the total of an update, whose
   * containers' failures were counted one by one.
   */
  @Test
  void everyEventRenderedAsAnErrorIsAProblemOfTheSession() throws Exception {
    List<String> uncounted = new ArrayList<>();
    for (Class<?> type : DevEvent.class.getPermittedSubclasses()) {
      for (DevEvent sample : samples(type)) {
        log.lines.clear();
        renderer.render(sample);
        boolean error = log.lines.stream().anyMatch(l -> l.startsWith("error:"));
        boolean total = sample instanceof DevEvent.UpdateFinished;
        boolean ended = sample instanceof DevEvent.SessionEnded; // the summary of the problems
        if (error && !total && !ended && RunProblems.problem(sample, "x").isEmpty()) {
          uncounted.add(type.getSimpleName() + ": " + log.lines);
        }
      }
    }
    assertEquals(List.of(), uncounted);
  }

  @Test
  void anUpdateHasABoldHeaderNamingTheFilesAndOneColouredTotal() {
    ContainerRef second = new ContainerRef("default", "api-2", "api", "containerd://2");
    renderer.on(new DevEvent.UpdateStarted(List.of(new FileCopy(BASEDIR.resolve("api/app.py"), BASEDIR.resolve("api"),
        "/app/api/app.py")), List.of(), List.of(CONTAINER), false));
    renderer.on(new DevEvent.ContainerUpdated(CONTAINER, Duration.ofMillis(35)));
    renderer.on(new DevEvent.UpdateFinished(1, 0, Duration.ofMillis(40)));
    renderer.on(new DevEvent.UpdateStarted(List.of(), List.of("/app/api/old.txt"),
        List.of(CONTAINER, second), false));
    renderer.on(new DevEvent.ContainerUpdateFailed(second, "copying files failed (exit 2)",
        true));
    renderer.on(new DevEvent.UpdateFinished(1, 1, Duration.ofMillis(50)));

    assertEquals(List.of(
        "info: <strong>1 file changed: api/app.py</strong>",
        "info: - 'api/app.py' --> '/app/api/app.py'",
        "info: <success>  → container api-1/api updated in 35 ms</success>",
        "info: <success>Updated 1 container in 40 ms</success>",
        "info: <strong>1 deleted in 2 containers: /app/api/old.txt</strong>",
        "info: - delete '/app/api/old.txt'",
        "error: <failure>  → container api-2/api NOT updated: copying files failed (exit 2)"
            + " (will try again)</failure>",
        "error: <failure>Update failed in 1 of 2 containers (50 ms)</failure>"), log.lines);
  }

  @Test
  void theHeaderCountsFilesAndNamesTheFirstThree() {
    assertEquals("4 files changed, 1 deleted: a, b, c, …",
        UpdateLines.header(List.of("a", "b", "c", "d"), List.of("/x"), 1));
    assertEquals("2 files changed in 3 containers: a, b",
        UpdateLines.header(List.of("a", "b"), List.of(), 3));
  }

  @Test
  void startUpLinesSayWhereWhatItWaitsForAndHowLongTheWholeStartUpTook() {
    renderer.on(new DevEvent.Connecting("https://127.0.0.1:6443", "kind-dev", "default"));
    renderer.on(new DevEvent.NotReady("deployment/api in namespace default has 0 replicas:"
        + " waiting for it to be scaled up", true));
    renderer.on(new DevEvent.Watching(List.of(BASEDIR), "deployment/api in namespace default",
        Duration.ofMillis(1234), Duration.ofMillis(45), 3, 1));

    assertEquals(List.of(
        "info: Connecting to https://127.0.0.1:6443 (context kind-dev, namespace default)",
        "warn: Not ready yet: deployment/api in namespace default has 0 replicas: waiting for it"
            + " to be scaled up. Changes are kept and applied once a container runs; the start-up"
            + " sync was skipped: run liveupdate:sync (or restart liveupdate:dev) once one runs,"
            + " so that edits made while liveupdate:dev was not running land",
        "info: <success>Watching 1 path for deployment/api in namespace default</success> (ready"
            + " in 1234 ms; 3 folders, 1 file watched in 45 ms). Edit a file; Ctrl-C stops."),
        log.lines);
  }

  @Test
  void theSessionSummaryListsItsProblemsWhenStoppedAndLeavesThemToTheFailureWhenBounded() {
    renderer.on(new DevEvent.SessionEnded(2, 1, List.of(), false));
    renderer.on(new DevEvent.SessionEnded(3, 0, List.of("api-1/api: exec refused",
        "1 change still waiting for a container"), true));
    renderer.on(new DevEvent.SessionEnded(1, 0, List.of("api-1/api: exec refused"), false));

    assertEquals(List.of(
        "info: <success>liveupdate:dev (api) ended: 2 updates, 1 rebuild, all applied</success>",
        "error: <failure>liveupdate:dev (api) stopped: 3 updates, 0 rebuilds, 2 problems:"
            + "</failure>",
        "error:   api-1/api: exec refused",
        "error:   1 change still waiting for a container",
        "error: <failure>liveupdate:dev (api) ended: 1 update, 0 rebuilds, 1 problem (listed in"
            + " the build failure)</failure>"), log.lines);
  }

  @Test
  void waitingLinesSayWhatTheyWaitFor() {
    renderer.on(new DevEvent.NoRunningContainers("deployment/api", 2, "pod api-1 of"
        + " deployment/api in namespace default is Pending (ContainerCreating): waiting for its"
        + " container api to run"));
    renderer.on(new DevEvent.ClusterUnavailable("cannot reach https://127.0.0.1:6443 (context"
        + " kind-dev): connection refused: is the cluster running?", Duration.ofSeconds(2)));

    assertEquals(List.of(
        "warn: pod api-1 of deployment/api in namespace default is Pending (ContainerCreating):"
            + " waiting for its container api to run. 2 changes kept, applied once a container"
            + " runs",
        "warn: cannot reach https://127.0.0.1:6443 (context kind-dev): connection refused: is the"
            + " cluster running? Waiting for it: next try in 2 s"), log.lines);
  }

  @Test
  void theCauseOfAFailureIsLoggedWithItsStackUnderDebugOnly() {
    IllegalStateException cause = new IllegalStateException("socket closed");
    DevEvent failed = new DevEvent.ContainerUpdateFailed(CONTAINER, "copying failed", true, cause);
    log.debug = false;

    renderer.on(failed);
    assertEquals(List.of("error: <failure>  → container api-1/api NOT updated: copying failed"
        + " (will try again)</failure>"), log.lines);

    log.lines.clear();
    log.debug = true;
    renderer.on(failed);
    assertEquals(2, log.lines.size(), log.lines.toString());
    assertEquals(cause, log.throwables.get(0));
  }

  @Test
  void aCompileErrorIsPrintedLineByLineAsJavacPrintsIt() {
    renderer.on(new DevEvent.CompileFailed("/m/src/main/java/demo/App.java:3: error: ';' expected\n"
        + "  return 1\n          ^\n1 error"));

    assertEquals(List.of("error: <failure>Compilation failed; nothing is synced until the sources"
        + " compile:</failure>",
        "error: /m/src/main/java/demo/App.java:3: error: ';' expected", "error:   return 1",
        "error:           ^", "error: 1 error"), log.lines);
  }

  @Test
  void aRestartSaysHowLongItTookAndACrashBlamesTheCodeNotTheTransport() {
    renderer.on(new DevEvent.AppRestarted(CONTAINER, "ok", 812,
        "restarted app in 812 ms: pid 130 listening on 8080"));
    renderer.on(new DevEvent.AppRestarted(CONTAINER, "crashed", 300,
        "the app exited with status 1 before it was ready"));

    assertEquals("info: <success>  → api-1/api: restarted app in 812 ms: pid 130 listening on 8080"
        + "</success>",
        log.lines.get(0));
    assertEquals("error:   → api-1/api: the app crashed on its restart, after 300 ms (the app "
        + "exited with status 1 before it was ready): the new code broke it; its output is in "
        + "the pod's log. Fix it and save: the next update restarts it", log.lines.get(1));
  }

  @Test
  void resourcesAloneAreCopiedNotCompiled() {
    renderer.on(new DevEvent.Compiled(0, 1, 0, Duration.ofMillis(30), ""));
    renderer.on(new DevEvent.Compiled(2, 3, 1, Duration.ofMillis(420), "the whole module: x"));

    assertEquals(List.of("info: Copied resources in 30 ms: 1 file written, 0 deleted in "
        + "target/classes", "info: Compiled 2 source files in 420 ms: 3 files written, 1 "
        + "deleted in target/classes (the whole module: x)"), log.lines);
  }

  /**
   * Instances of a record event type: with plain values for its components, and where a
   * component is a level or a flag, with each of its values.
   */
  private static List<DevEvent> samples(Class<?> type) throws Exception {
    List<DevEvent> samples = new ArrayList<>();
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    for (int variant = 0; variant < 3; variant++) {
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        values[i] = types[i].isEnum()
            ? types[i].getEnumConstants()[variant % types[i].getEnumConstants().length]
            : types[i] == boolean.class ? variant % 2 == 0
            : types[i] == List.class && variant == 2 && type == DevEvent.SessionEnded.class
            ? List.of("x")
            : types[i] == int.class ? variant : value(types[i]);
      }
      samples.add((DevEvent) canonical.newInstance(values));
    }
    return samples;
  }

  /** An instance of a record event type with plain values for its components. */
  private static DevEvent sample(Class<?> type) throws Exception {
    RecordComponent[] components = type.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      values[i] = value(types[i]);
    }
    Constructor<?> canonical = type.getDeclaredConstructor(types);
    return (DevEvent) canonical.newInstance(values);
  }

  private static Object value(Class<?> type) {
    Map<Class<?>, Object> plain = Map.of(String.class, "x", int.class, 1, long.class, 1L,
        boolean.class, true, Duration.class, Duration.ofSeconds(1), List.class, List.of(),
        Path.class, Path.of("/work/module/x"), ContainerRef.class, CONTAINER,
        Throwable.class, new IllegalStateException("cause"));
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (!plain.containsKey(type)) {
      throw new IllegalArgumentException("no sample value for " + type + ": add one here");
    }
    return plain.get(type);
  }

  /** Keeps what is logged as "level: line"; debug only when switched on. */
  private static final class RecordingLog implements Log {
    final List<String> lines = new ArrayList<>();
    final List<Throwable> throwables = new ArrayList<>();
    boolean debug = true;

    private void add(String level, CharSequence line, Throwable t) {
      lines.add(level + ": " + line);
      if (t != null) {
        throwables.add(t);
      }
    }

    @Override public boolean isDebugEnabled() {
      return debug;
    }

    @Override public void debug(CharSequence c) {
      if (debug) {
        add("debug", c, null);
      }
    }

    @Override public void debug(CharSequence c, Throwable t) {
      if (debug) {
        add("debug", c, t);
      }
    }

    @Override public void debug(Throwable t) {
      if (debug) {
        add("debug", "", t);
      }
    }

    @Override public boolean isInfoEnabled() {
      return true;
    }

    @Override public void info(CharSequence c) {
      add("info", c, null);
    }

    @Override public void info(CharSequence c, Throwable t) {
      add("info", c, t);
    }

    @Override public void info(Throwable t) {
      add("info", "", t);
    }

    @Override public boolean isWarnEnabled() {
      return true;
    }

    @Override public void warn(CharSequence c) {
      add("warn", c, null);
    }

    @Override public void warn(CharSequence c, Throwable t) {
      add("warn", c, t);
    }

    @Override public void warn(Throwable t) {
      add("warn", "", t);
    }

    @Override public boolean isErrorEnabled() {
      return true;
    }

    @Override public void error(CharSequence c) {
      add("error", c, null);
    }

    @Override public void error(CharSequence c, Throwable t) {
      add("error", c, t);
    }

    @Override public void error(Throwable t) {
      add("error", "", t);
    }
  }
}
