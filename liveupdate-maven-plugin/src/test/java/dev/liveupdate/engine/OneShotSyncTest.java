package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.RunStep;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.image.BuiltImage;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.sync.ListingOutput;
import dev.liveupdate.sync.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-shot sync against an in-memory cluster that answers listings as a container would. */
class OneShotSyncTest {

  private static final ContainerRef FRESH = new ContainerRef("default", "api-1", "api", "c://1");
  private static final ContainerRef CURRENT = new ContainerRef("default", "api-2", "api", "c://2");
  private static final String INSTALL = "pip install -r /app/api/requirements.txt";
  private static final String ABSENT = new ListingOutput().absent("/app/api").end().text();

  @TempDir Path base;

  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final ListingCluster cluster = new ListingCluster();
  private List<String> fallBackOn = List.of();
  private Optional<ImageConfig> image = Optional.empty();

  @BeforeEach
  void module() throws IOException {
    Files.createDirectories(base.resolve("api"));
    Files.writeString(base.resolve("api/app.py"), "print('hi')");
    Files.writeString(base.resolve("api/requirements.txt"), "flask");
  }

  @Test
  void eachContainerGetsWhatItLacksAndAnUpToDateOneNothing() throws Exception {
    cluster.listings.put(FRESH, ABSENT);
    cluster.listings.put(CURRENT, listing(Map.of()));

    OneShotSync.Report report = sync(FRESH, CURRENT);

    assertEquals(List.of(), report.failures());
    assertEquals(List.of("app/api/app.py", "app/api/requirements.txt"), cluster.extracted.get(FRESH));
    assertEquals(null, cluster.extracted.get(CURRENT), "no copy exec in an up-to-date container");
    assertEquals(List.of(INSTALL), cluster.ran.get(FRESH));
    assertTrue(events.contains(new DevEvent.ContainerSynced(FRESH, 2, 0, 0, false)), events.toString());
    assertTrue(events.contains(new DevEvent.ContainerSynced(CURRENT, 0, 0, 2, false)));
    assertEquals(1, cluster.listingsRun(CURRENT), "one listing exec per container");
  }

  @Test
  void aFileGoneLocallyIsDeletedAndTriggersItsRunStep() throws Exception {
    Files.delete(base.resolve("api/requirements.txt"));
    cluster.listings.put(CURRENT, listing(Map.of("/app/api/requirements.txt", "flask")));

    OneShotSync.Report report = sync(CURRENT);

    assertEquals(List.of(), report.failures());
    assertEquals(List.of("/app/api/requirements.txt"), cluster.deleted.get(CURRENT));
    assertEquals(List.of(), cluster.extracted.get(CURRENT));
    assertEquals(List.of(INSTALL), cluster.ran.get(CURRENT));
    assertTrue(events.contains(new DevEvent.ContainerSynced(CURRENT, 0, 1, 1, false)));
  }

  @Test
  void aFailingRunStepFailsTheSyncNamingTheCommandAndIsNotRetried() throws Exception {
    cluster.listings.put(FRESH, ABSENT);
    cluster.failing = INSTALL;

    OneShotSync.Report report = sync(FRESH);

    assertEquals(1, report.failures().size());
    assertTrue(report.failures().get(0).startsWith("api-1/api: [CMD 1/1] " + INSTALL
        + " exited with 1"), report.failures().get(0));
    assertTrue(events.stream().anyMatch(e -> e instanceof DevEvent.ContainerUpdateFailed f
        && !f.retried()));
    assertTrue(events.stream().noneMatch(e -> e instanceof DevEvent.ContainerSynced));
  }

  @Test
  void noRunningContainerIsAFailureNamingTheTarget() throws Exception {
    OneShotSync.Report report = sync();

    assertEquals(List.of("no running container of deployment/api in namespace dev: start the"
        + " workload (or check <target>) and sync again"), report.failures());
  }

  @Test
  void aContainerThatCannotBeListedFailsAndTheOthersAreStillSynced() throws Exception {
    cluster.listings.put(FRESH, ABSENT);
    cluster.listingExit = 1;
    cluster.listings.put(CURRENT, "");

    OneShotSync.Report report = sync(FRESH, CURRENT);

    assertEquals(List.of("api-2/api: listing its files below /app/api failed (exit 1): find:"
        + " /app/api/secret: Permission denied"), report.failures());
    assertEquals(2, cluster.extracted.get(FRESH).size());
  }

  @Test
  void aDifferenceMatchingFallBackOnIsReportedAndTheRestApplied() throws Exception {
    fallBackOn = List.of("api/requirements.txt");
    cluster.listings.put(FRESH, ABSENT);

    OneShotSync.Report report = sync(FRESH);

    assertEquals(List.of(), report.failures());
    assertEquals(List.of("api/requirements.txt matches <fallBackOn> 'api/requirements.txt'"),
        report.rebuildReasons());
    assertEquals(OneShotSync.Rebuild.NEEDED, report.rebuild(), "not asked to rebuild");
    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(FRESH));
    assertTrue(events.contains(new DevEvent.ContainerSynced(FRESH, 1, 0, 0, true)));
  }

  @Test
  void withRebuildsAllowedTheImageIsRebuiltOnceAfterTheRestWasApplied() throws Exception {
    fallBackOn = List.of("api/requirements.txt");
    image = Optional.of(new ImageConfig("base", "reg/api", List.of(), List.of(), List.of(),
        Optional.empty(), Map.of(), List.of(), false));
    cluster.listings.put(FRESH, ABSENT);
    cluster.listings.put(CURRENT, ABSENT);

    OneShotSync.Report report = sync(true, FRESH, CURRENT);

    assertEquals(List.of(), report.failures());
    assertEquals(OneShotSync.Rebuild.DONE, report.rebuild());
    assertEquals(List.of("app/api/app.py"), cluster.extracted.get(FRESH));
    assertEquals(List.of("reg/api@sha256:1"), cluster.rollouts, "one rollout for both");
    assertTrue(events.contains(new DevEvent.RebuildStarted(
        "api/requirements.txt matches <fallBackOn> 'api/requirements.txt'")), events.toString());
    assertTrue(events.stream().noneMatch(e -> e instanceof DevEvent.RebuildNeeded));
  }

  @Test
  void withoutAnImageARebuildIsNeededWhateverTheGoalWants() throws Exception {
    fallBackOn = List.of("api/requirements.txt");
    cluster.listings.put(FRESH, ABSENT);

    OneShotSync.Report report = sync(true, FRESH);

    assertEquals(OneShotSync.Rebuild.NEEDED, report.rebuild());
    assertEquals(List.of(), cluster.rollouts);
    assertTrue(events.contains(new DevEvent.RebuildNeeded(
        "api/requirements.txt matches <fallBackOn> 'api/requirements.txt'",
        "configure <liveUpdate><image> to have the image rebuilt and rolled out")));
  }

  private OneShotSync.Report sync(ContainerRef... running) throws Exception {
    return sync(false, running);
  }

  private OneShotSync.Report sync(boolean rebuild, ContainerRef... running) throws Exception {
    cluster.containers = List.of(running);
    LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(base.resolve("api"), "/app/api")),
        List.of(new RunStep(INSTALL, List.of("api/requirements.txt"))), fallBackOn, List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(1), image);
    try (EngineSession session = new EngineSession(config, cluster,
        "deployment/api in namespace dev", events::add, Duration.ofSeconds(5),
        Duration.ofSeconds(5), (built, ignores, listener) -> new BuiltImage("reg/api@sha256:1",
            "sha256:1", "reg/api:liveupdate", 1, Duration.ZERO, Duration.ZERO))) {
      return new OneShotSync(session, session.policy(rebuild, "-Dliveupdate.rebuild=true"))
          .run();
    }
  }

  /** The listing of a container holding the local files, plus {@code extra} (path → content). */
  private String listing(Map<String, String> extra) throws Exception {
    Map<String, TreeEntry> entries = new TreeMap<>();
    entries.put("/app/api", TreeEntry.directory());
    for (String name : List.of("app.py", "requirements.txt")) {
      Path file = base.resolve("api").resolve(name);
      if (Files.exists(file)) {
        entries.put("/app/api/" + name, TreeEntry.file(sha256(Files.readString(file)), false));
      }
    }
    extra.forEach((path, content) -> entries.put(path, TreeEntry.file(sha256(content), false)));
    return new ListingOutput().root("/app/api", entries).end().text();
  }

  private static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
