package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ContainerRef;
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

  private final RecordingLog log = new RecordingLog();
  private final EventRenderer renderer =
      new EventRenderer(log, Path.of("/work/module").toAbsolutePath());

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

  @Test
  void theCauseOfAFailureIsLoggedWithItsStackUnderDebugOnly() {
    IllegalStateException cause = new IllegalStateException("socket closed");
    DevEvent failed = new DevEvent.ContainerUpdateFailed(CONTAINER, "copying failed", true, cause);
    log.debug = false;

    renderer.on(failed);
    assertEquals(List.of("error:   → container api-1/api NOT updated: copying failed"
        + " (will try again)"), log.lines);

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

    assertEquals(List.of("error: Compilation failed; nothing is synced until the sources compile:",
        "error: /m/src/main/java/demo/App.java:3: error: ';' expected", "error:   return 1",
        "error:           ^", "error: 1 error"), log.lines);
  }

  @Test
  void aRestartSaysHowLongItTookAndACrashBlamesTheCodeNotTheTransport() {
    renderer.on(new DevEvent.AppRestarted(CONTAINER, "ok", 812,
        "restarted app in 812 ms: pid 130 listening on 8080"));
    renderer.on(new DevEvent.AppRestarted(CONTAINER, "crashed", 300,
        "the app exited with status 1 before it was ready"));

    assertEquals("info:   → api-1/api: restarted app in 812 ms: pid 130 listening on 8080",
        log.lines.get(0));
    assertEquals("error:   → api-1/api: the app crashed on its restart, after 300 ms (the app "
        + "exited with status 1 before it was ready): the new code broke it; its output is in "
        + "the pod's log. Fix it and save: the next update restarts it", log.lines.get(1));
  }

  @Test
  void resourcesAloneAreCopiedNotCompiled() {
    renderer.on(new DevEvent.Compiled(0, 1, 0, Duration.ofMillis(30), ""));
    renderer.on(new DevEvent.Compiled(2, 3, 1, Duration.ofMillis(420), "the whole module: x"));

    assertEquals(List.of("info: Copied resources in 30 ms: 1 file(s) written, 0 deleted in "
        + "target/classes", "info: Compiled 2 source file(s) in 420 ms: 3 file(s) written, 1 "
        + "deleted in target/classes (the whole module: x)"), log.lines);
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
