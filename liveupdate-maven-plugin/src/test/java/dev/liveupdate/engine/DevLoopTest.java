package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.ImageConfig;
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
 * The loop against a cluster double in memory (the port, not the wire), on virtual time: waiting
 * for a change that is not there moves the clock on by the wait instead of sleeping.
 */
class DevLoopTest {

  @TempDir Path base;

  private final VirtualClock clock = new VirtualClock();
  private final LinkedBlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final MemoryCluster cluster = new MemoryCluster();

  @Test
  void changesArrivingWhileNoContainerRunsAreAppliedOnceOneDoes() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    Path app = Files.writeString(api.resolve("app.py"), "v2");
    DevLoop loop = loop();

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.NoRunningContainers));
    assertEquals(0, cluster.execs.size());

    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    Instant deadline = clock.after(Duration.ofSeconds(10));
    while (cluster.execs.isEmpty() && clock.before(deadline)) {
      loop.step();
    }
    assertEquals(1, cluster.execs.size(), "the kept change was retried without a new edit");
    assertTrue(cluster.stdin.get(0).contains("app/api/app.py"));
  }

  @Test
  void aContainerThatAppearsLaterReceivesEverySyncAndDeleteWithoutANewEdit() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    Path app = Files.writeString(api.resolve("app.py"), "v2");
    Path old = api.resolve("old.txt");
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    DevLoop loop = loop();

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    batches.add(ChangeBatch.of(Set.of(), Set.of(old)));
    loop.step();
    assertEquals(2, cluster.execs.size(), "one exec per update to the first container");
    assertTrue(cluster.stdin.get(1).startsWith("/app/api/old.txt\n\n"), "deleted path on stdin");
    assertEquals(3, cluster.execs.get(1).size(), "sh -c script, no arguments");

    cluster.containers = List.of(cluster.containers.get(0),
        new ContainerRef("default", "api-2", "api", "podman://2"));
    Instant deadline = clock.after(Duration.ofSeconds(10));
    while (cluster.execs.size() < 3 && clock.before(deadline)) {
      loop.step();
    }
    assertEquals(3, cluster.execs.size(), "the new container caught up, the old one was left");
    assertTrue(cluster.stdin.get(2).startsWith("/app/api/old.txt\n\n"), "the delete reached it");
    assertTrue(cluster.stdin.get(2).contains("app/api/app.py"), "the edit reached it");
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.UpdateStarted u
        && u.catchUp() && u.containers().get(0).pod().equals("api-2")));
  }

  @Test
  void withAPodWatchAnIdleLoopListsOnlyWhenThePodsChange() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    Path app = Files.writeString(api.resolve("app.py"), "v2");
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    cluster.podChanges = java.util.OptionalLong.of(1);
    DevLoop loop = loop();
    loop.step(); // the first change count: baseline
    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    assertEquals(1, cluster.execs.size());
    int listed = cluster.listings.get();

    Instant idleUntil = clock.after(Duration.ofSeconds(3));
    while (clock.before(idleUntil)) {
      loop.step();
    }
    assertEquals(listed, cluster.listings.get(), "no polling while the watch is quiet");

    // a restarted container: the watch reports it, the loop catches it up at once
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://2"));
    cluster.podChanges = java.util.OptionalLong.of(2);
    Instant deadline = clock.after(Duration.ofSeconds(2));
    while (cluster.execs.size() < 2 && clock.before(deadline)) {
      loop.step();
    }
    assertEquals(2, cluster.execs.size(), "caught up after the pod event");
    assertTrue(cluster.stdin.get(1).contains("app/api/app.py"));
  }

  @Test
  void withAnImageNoRunningContainerRebuildsAndRollsOutInsteadOfWaiting() throws Exception {
    Path app = Files.writeString(Files.createDirectories(base.resolve("api")).resolve("app.py"),
        "v2");
    DevLoop loop = loop(Optional.of(image()));

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();

    assertEquals(List.of("reg/api@sha256:1"), cluster.rollouts);
    assertTrue(events.contains(new DevEvent.RebuildStarted("no running container of "
        + "deployment/api")), events.toString());
  }

  @Test
  void withAnImageACrashLoopingContainerRebuildsBeforeTheLiveUpdate() throws Exception {
    Path app = Files.writeString(Files.createDirectories(base.resolve("api")).resolve("app.py"),
        "v2");
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    cluster.stuck = List.of("pod api-2 container api is CrashLoopBackOff (restarts: 3)");
    DevLoop loop = loop(Optional.of(image()));

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();

    assertEquals(List.of("reg/api@sha256:1"), cluster.rollouts);
    assertTrue(events.contains(new DevEvent.RebuildStarted(cluster.stuck.get(0))));
    assertEquals(0, cluster.execs.size(), "the new image holds the change: nothing to copy");
  }

  @Test
  void aClusterThatCannotBeAskedIsAskedAgainAfterADelayThatDoublesOnTheLoopsClock()
      throws Exception {
    Path app = Files.writeString(Files.createDirectories(base.resolve("api")).resolve("app.py"),
        "v2");
    cluster.unreachable = true;
    DevLoop loop = loop();

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    Instant deadline = clock.after(Duration.ofSeconds(20));
    while (clock.before(deadline)) {
      loop.step();
    }

    assertEquals(List.of(1L, 2L, 4L, 8L, 16L), events.stream()
        .filter(e -> e instanceof DevEvent.ClusterUnavailable)
        .map(e -> ((DevEvent.ClusterUnavailable) e).retryIn().toSeconds()).toList(),
        "tried at 0, 1, 3, 7 and 15 s");
    cluster.unreachable = false;
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    deadline = clock.after(Duration.ofSeconds(20));
    while (cluster.execs.isEmpty() && clock.before(deadline)) {
      loop.step();
    }
    assertEquals(1, cluster.execs.size(), "the kept change lands at the next try");
  }

  @Test
  void withoutAnImageAChangeNeedingARebuildIsReportedAndTheRestApplied() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    Path app = Files.writeString(api.resolve("app.py"), "v2");
    Path notes = Files.writeString(base.resolve("notes.md"), "n");
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://1"));
    DevLoop loop = loop();

    batches.add(ChangeBatch.of(Set.of(app, notes), Set.of()));
    loop.step();

    assertTrue(events.contains(new DevEvent.RebuildNeeded("notes.md matches no <sync>",
        "configure <liveUpdate><image> to have the image rebuilt and rolled out")),
        events.toString());
    assertEquals(1, cluster.execs.size(), "app.py was still copied");
    assertEquals(List.of(), cluster.rollouts);
  }

  /** An image whose build is instant: the double "pushes" reg/api@sha256:1. */
  private static ImageConfig image() {
    return new ImageConfig("base", "reg/api", List.of(), List.of(), List.of(),
        Optional.empty(), java.util.Map.of(), List.of(), false);
  }

  private DevLoop loop() {
    return loop(Optional.empty());
  }

  /** The loop as DevSession makes it, with the engine of the session factory around the double. */
  private DevLoop loop(Optional<ImageConfig> image) {
    LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(base.resolve("api"), "/app/api")), List.of(), List.of(), List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(1), image);
    EngineSession session = new EngineSession(config, cluster, "deployment/api", events::add,
        Duration.ofSeconds(5), Duration.ofSeconds(5),
        (built, ignores, listener) -> new BuiltImage("reg/api@sha256:1", "sha256:1",
            "reg/api:liveupdate", 1, Duration.ZERO, Duration.ZERO));
    return new DevLoop(timeout -> {
      ChangeBatch batch = batches.poll();
      if (batch == null) {
        clock.advance(timeout); // what waiting that long for a change would have taken
      }
      return batch;
    }, session, clock);
  }
}
