package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.liveupdate.event.DevEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The console's own lines: log lines in a pod column, the forward's URL, pending changes, the
 * update summary; module prefixes in a reactor; Enter read from standard input.
 */
class ConsoleLinesTest {

  private final RecordingLog log = new RecordingLog();

  /** The lines logged, as {@code level: text}. */
  private static final class RecordingLog extends org.apache.maven.plugin.logging.SystemStreamLog {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(CharSequence content) {
      lines.add("info: " + content);
    }

    @Override
    public void warn(CharSequence content) {
      lines.add("warn: " + content);
    }

    @Override
    public void error(CharSequence content) {
      lines.add("error: " + content);
    }
  }
  private final ModuleLog moduleLog = new ModuleLog(log);
  private final EventRenderer renderer = new EventRenderer(moduleLog,
      Path.of("/m").toAbsolutePath(), "liveupdate:dev (api)", MarkedStyles::new);

  @Test
  void eachLineHasItsPlaceAndAReactorsModulePrefix() {
    renderer.on(new DevEvent.PodLog("api-1", "api", "GET / 200"));
    renderer.on(new DevEvent.PodLog("tilt-avatar-api-76cc8bcdc7-cpkvf", "api", "ready"));
    moduleLog.prefixWith("api");
    renderer.on(new DevEvent.PortForwarding(5735, "api-2", 5734, true));
    renderer.on(new DevEvent.ChangesPending(List.of("api/app.py", "api/old.txt (deleted)")));
    renderer.on(new DevEvent.UpdateSummary("1 change: api/app.py", "live update + run steps",
        true, List.of(new DevEvent.Stage("detect", Duration.ofMillis(52)),
            new DevEvent.Stage("copy", Duration.ofMillis(38)))));
    renderer.on(new DevEvent.UpdateSummary("1 change: pom.xml", "rebuild (pom.xml changed)",
        false, List.of(new DevEvent.Stage("build", Duration.ofMillis(1800)))));

    assertEquals(List.of(
        "info: <strong>api-1                     </strong> | GET / 200",
        "info: <strong>tilt-avatar-api…cdc7-cpkvf</strong> | ready",
        "info: [api] <success>Forwarding http://localhost:5735 -> pod/api-2:5734</success>"
            + " (the pod it forwarded to went away)",
        "info: [api] <strong>Pending: 2 changes</strong> (manual trigger; press Enter to apply):"
            + " api/app.py, api/old.txt (deleted)",
        "info: [api] <success>Summary: 1 change: api/app.py | live update + run steps | ok |"
            + " detect 52 ms, copy 38 ms</success>",
        "info: [api] <failure>Summary: 1 change: pom.xml | rebuild (pom.xml changed) | FAILED |"
            + " build 1800 ms</failure>"), log.lines);
  }

  @Test
  void aLongPodNameKeepsItsHeadAndTailInTheColumn() {
    String column = ConsoleLines.column("tilt-avatar-api-76cc8bcdc7-cpkvf");
    assertEquals(ConsoleLines.POD_COLUMN, column.length());
    assertEquals("tilt-avatar-api…cdc7-cpkvf", column);
  }

  @Test
  void everyLineReadIsEnterAndAClosedInputIsSaidOnce() {
    dev.liveupdate.engine.Trigger trigger = dev.liveupdate.engine.Trigger.manual();
    List<String> said = new CopyOnWriteArrayList<>();
    ConsoleInput.listen(trigger); // no reader of this JVM's standard input: surefire's
    try {
      ConsoleInput.read(new ByteArrayInputStream("\n".getBytes(StandardCharsets.UTF_8)),
          said::add);
      assertEquals(true, trigger.takeRequest());
    } finally {
      ConsoleInput.unregister(trigger);
    }
    assertEquals("Standard input is closed: Enter cannot apply pending changes (manual trigger);"
        + " run liveupdate:dev in a terminal, or without -Dliveupdate.trigger=manual",
        said.get(said.size() - 1));
  }
}
