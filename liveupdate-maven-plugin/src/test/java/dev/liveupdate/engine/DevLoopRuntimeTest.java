package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.RunStep;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.image.BuiltImage;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev loop under the faults of issue 10, on virtual time: containers that start after a
 * start-up sync, saves faster than an update, a run step that outlives its timeout.
 */
class DevLoopRuntimeTest {

  private static final ContainerRef FIRST = new ContainerRef("default", "api-1", "api", "c://1");
  private static final ContainerRef RESTARTED =
      new ContainerRef("default", "api-1", "api", "c://2");

  @TempDir Path base;

  private final VirtualClock clock = new VirtualClock();
  private final LinkedBlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private Path app;

  @BeforeEach
  void module() throws Exception {
    Path api = Files.createDirectories(base.resolve("api"));
    app = Files.writeString(api.resolve("app.py"), "v2");
    Files.writeString(api.resolve("keep.txt"), "k");
  }

  @Test
  void aContainerStartedAfterTheStartUpSyncGetsExactlyWhatItsImageLacks() throws Exception {
    ListingCluster cluster = new ListingCluster();
    cluster.containers = List.of(FIRST);
    DevLoop loop = loop(cluster, List.of());
    // the start-up sync sent app.py; keep.txt was in place already (an earlier session's, say)
    loop.startUpSynced(ChangeBatch.of(Set.of(app), Set.of()), Set.of(FIRST.containerId()));

    // the container restarts from its image: old app.py, the same keep.txt, a file gone locally
    cluster.containers = List.of(RESTARTED);
    cluster.listings.put(RESTARTED, ListingCluster.listing(Map.of("/app/api/app.py", "v1",
        "/app/api/keep.txt", "k", "/app/api/stale.txt", "s")));
    runUntil(loop, () -> cluster.extracted.containsKey(RESTARTED), Duration.ofSeconds(10));

    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(RESTARTED),
        "what differs is sent, keep.txt is not");
    assertEquals(List.of("/app/api/stale.txt"), cluster.deleted.get(RESTARTED));
    assertEquals(1, cluster.listingsRun(RESTARTED), "compared once");

    // from then on it is known: a fresh change goes to it alone, without another listing
    Files.writeString(app, "v3");
    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(RESTARTED));
    assertEquals(1, cluster.listingsRun(RESTARTED));
  }

  @Test
  void aContainerThatCannotBeComparedGetsWhatTheSessionSentTheStartUpSyncIncluded()
      throws Exception {
    ListingCluster cluster = new ListingCluster();
    cluster.containers = List.of(FIRST);
    DevLoop loop = loop(cluster, List.of());
    loop.startUpSynced(ChangeBatch.of(Set.of(app), Set.of()), Set.of(FIRST.containerId()));

    cluster.containers = List.of(RESTARTED);
    cluster.listings.put(RESTARTED, "");
    cluster.listingExit = 127; // no sha256sum in the image, say
    runUntil(loop, () -> cluster.extracted.containsKey(RESTARTED), Duration.ofSeconds(10));

    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(RESTARTED));
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.Warning w
        && w.message().startsWith("api-1/api cannot be compared with the local tree")
        && w.message().contains("it gets what this session has sent (1 change(s))")),
        events.toString());
  }

  @Test
  void aContainerWhoseListingCannotRunIsTriedAgainThenSentOnlyWhatDiffers() throws Exception {
    ListingCluster cluster = new ListingCluster();
    cluster.containers = List.of(RESTARTED);
    cluster.listings.put(RESTARTED, ListingCluster.listing(Map.of("/app/api/keep.txt", "k")));
    cluster.listingRefused = true;
    DevLoop loop = loop(cluster, List.of());
    loop.startUpSynced(ChangeBatch.of(Set.of(app), Set.of()), Set.of(FIRST.containerId()));
    runUntil(loop, () -> cluster.listingsRun(RESTARTED) >= 2, Duration.ofSeconds(10));

    assertNull(cluster.extracted.get(RESTARTED), "nothing sent while it cannot be compared");
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.ContainerUpdateFailed f
        && f.retried() && f.reason().startsWith("cannot list its files below /app/api")),
        events.toString());

    cluster.listingRefused = false;
    runUntil(loop, () -> cluster.extracted.containsKey(RESTARTED), Duration.ofSeconds(60));
    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(RESTARTED));
  }

  @Test
  void withoutAStartUpSyncTheRunningContainersAreTrustedAndNotListed() throws Exception {
    ListingCluster cluster = new ListingCluster();
    cluster.containers = List.of(FIRST);
    cluster.listings.put(FIRST, ListingCluster.listing(Map.of()));
    DevLoop loop = loop(cluster, List.of());
    runUntil(loop, () -> false, Duration.ofSeconds(5));

    assertEquals(0, cluster.listingsRun(FIRST));
    assertNull(cluster.extracted.get(FIRST));
  }

  @Test
  void batchesQueuedDuringAnUpdateBecomeOneUpdateSendingEachFileOnceInItsLatestState()
      throws Exception {
    MemoryCluster cluster = new MemoryCluster();
    cluster.containers = List.of(FIRST);
    Path gone = Files.writeString(base.resolve("api/gone.txt"), "g");
    DevLoop loop = loop(cluster, List.of());
    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    batches.add(ChangeBatch.of(Set.of(app, gone), Set.of()));
    Files.delete(gone);
    batches.add(ChangeBatch.of(Set.of(app), Set.of(gone)));
    Files.writeString(app, "v3: the latest");

    loop.step();

    assertTrue(batches.isEmpty(), "every queued batch was taken");
    assertEquals(1, cluster.execs.size(), "one update for the three batches");
    String stdin = cluster.stdin.get(0);
    assertTrue(stdin.startsWith("/app/api/gone.txt\n\n"), stdin);
    assertEquals(1, occurrences(stdin, "app/api/app.py"), "app.py sent once");
    assertTrue(stdin.contains("v3: the latest"), "in its latest state");
  }

  @Test
  void aTimedOutRunStepIsReportedOnceAndRunAgainOnlyWhenAFileTriggeringItChanges()
      throws Exception {
    MemoryCluster cluster = new MemoryCluster();
    cluster.containers = List.of(FIRST);
    cluster.timingOut = "sleep 417";
    Path slow = Files.writeString(base.resolve("api/slow.txt"), "1");
    DevLoop loop = loop(cluster, List.of(new RunStep("sleep 417", List.of("api/slow.txt"))));

    batches.add(ChangeBatch.of(Set.of(slow), Set.of()));
    runUntil(loop, () -> false, Duration.ofSeconds(60));
    assertEquals(1, stepRuns(cluster), "run once, not retried");
    List<DevEvent.ContainerUpdateFailed> failures = events.stream()
        .filter(e -> e instanceof DevEvent.ContainerUpdateFailed)
        .map(e -> (DevEvent.ContainerUpdateFailed) e).toList();
    assertEquals(1, failures.size(), events.toString());
    assertEquals("[CMD 1/1] sleep 417 did not finish within 5 s; stopped it in the container "
        + "(1 process(es) killed)", failures.get(0).reason());
    assertEquals(false, failures.get(0).retried());

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();
    assertEquals(1, stepRuns(cluster), "a change that does not trigger it does not run it");

    batches.add(ChangeBatch.of(Set.of(slow), Set.of()));
    loop.step();
    assertEquals(2, stepRuns(cluster), "its trigger changed again: run again");
  }

  private static long stepRuns(MemoryCluster cluster) {
    return cluster.execs.stream().filter(c -> c.get(c.size() - 1).equals("sleep 417")).count();
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  /** Steps the loop until the condition holds or the virtual time is up. */
  private void runUntil(DevLoop loop, java.util.function.BooleanSupplier done, Duration within)
      throws InterruptedException {
    Instant deadline = clock.after(within);
    while (!done.getAsBoolean() && clock.before(deadline)) {
      loop.step();
    }
  }

  /** The loop as DevSession makes it, around a cluster double, on virtual time. */
  private DevLoop loop(Cluster cluster, List<RunStep> runs) {
    LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(base.resolve("api"), "/app/api")), runs, List.of(), List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(1), Optional.empty());
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
