package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.image.BuiltImage;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trigger modes and update summaries of the loop, against the in-memory cluster on virtual time:
 * in manual mode changes wait, listed, until Enter; in automatic mode Enter compares every
 * container with the local tree; each update ends with one summary naming its stages.
 */
class DevLoopTriggerTest {

  @TempDir Path base;

  private final VirtualClock clock = new VirtualClock();
  private final LinkedBlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final MemoryCluster cluster = new MemoryCluster();
  private final StageTimes stages = new StageTimes();

  @Test
  void inManualModeChangesWaitListedUntilEnterThenGoAsOneUpdate() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    Path app = Files.writeString(api.resolve("app.py"), "v2");
    Path css = Files.writeString(api.resolve("app.css"), "x");
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    Trigger trigger = Trigger.manual();
    DevLoop loop = loop(trigger);

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    batches.add(ChangeBatch.of(Set.of(css), Set.of()));
    loop.step();
    Instant later = clock.after(Duration.ofSeconds(10));
    while (clock.before(later)) {
      loop.step();
    }
    assertEquals(0, cluster.execs.size(), "nothing sent before Enter");
    List<DevEvent.ChangesPending> pending = events.stream()
        .filter(DevEvent.ChangesPending.class::isInstance).map(DevEvent.ChangesPending.class::cast)
        .toList();
    assertEquals(List.of(List.of("api/app.py"), List.of("api/app.css", "api/app.py")),
        pending.stream().map(DevEvent.ChangesPending::paths).toList());

    trigger.request();
    loop.step();
    assertEquals(1, cluster.execs.size(), "one update for both changes");
    assertTrue(cluster.stdin.get(0).contains("app/api/app.py"));
    assertTrue(cluster.stdin.get(0).contains("app/api/app.css"));
    DevEvent.UpdateSummary summary = only(DevEvent.UpdateSummary.class);
    assertEquals("2 changes: api/app.css, api/app.py", summary.changed());
    assertEquals("live update", summary.path());
    assertTrue(summary.ok());
    assertEquals(List.of("plan", "copy"), summary.stages().stream().map(DevEvent.Stage::name)
        .toList());

    trigger.request();
    loop.step();
    assertEquals(List.of(), ((DevEvent.ChangesPending) events.get(events.size() - 1)).paths(),
        "Enter with nothing pending says so");
    assertEquals(1, cluster.execs.size());
  }

  @Test
  void inAutomaticModeEnterComparesEveryContainerWithTheLocalTree() throws Exception {
    Files.createDirectories(base.resolve("api"));
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    Trigger trigger = Trigger.automatic();
    DevLoop loop = loop(trigger);
    loop.step();
    int before = cluster.execs.size();

    trigger.request();
    loop.step();
    assertTrue(cluster.execs.size() > before, "the container was listed to be compared");
    DevEvent.UpdateSummary summary = only(DevEvent.UpdateSummary.class);
    assertEquals("full sync", summary.path());
    assertEquals("full sync of every container (Enter)", summary.changed());
  }

  @Test
  void anUnknownTriggerModeNamesThePropertyAndTheValidOnes() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Trigger.parse("manaul"));
    assertEquals("liveupdate.trigger must be 'auto' or 'manual', got 'manaul'", e.getMessage());
    assertTrue(Trigger.parse("manual").isManual());
    assertTrue(!Trigger.parse("auto").isManual());
  }

  private <T extends DevEvent> T only(Class<T> type) {
    List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), events.toString());
    return found.get(0);
  }

  private DevLoop loop(Trigger trigger) {
    LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(base.resolve("api"), "/app/api")), List.of(), List.of(), List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(1), Optional.empty());
    EngineSession session = new EngineSession(config, cluster, "deployment/api", event -> {
      stages.on(event);
      events.add(event);
    }, Duration.ofSeconds(5), Duration.ofSeconds(5),
        (built, ignores, listener) -> new BuiltImage("reg/api@sha256:1", "sha256:1",
            "reg/api:liveupdate", 1, Duration.ZERO, Duration.ZERO));
    DevLoop loop = new DevLoop(timeout -> {
      ChangeBatch batch = batches.poll();
      if (batch == null) {
        clock.advance(timeout);
      }
      return batch;
    }, session, clock);
    loop.triggeredBy(trigger, stages, Optional::empty);
    return loop;
  }
}
