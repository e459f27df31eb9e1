package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.image.BuiltImage;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.plan.Planner;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.watch.ChangeBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop against a cluster double in memory: the port, not the wire. */
class DevLoopTest {

  @TempDir Path base;

  private final LinkedBlockingQueue<ChangeBatch> batches = new LinkedBlockingQueue<>();
  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final FakeCluster cluster = new FakeCluster();

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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cluster.execs.isEmpty() && System.nanoTime() < deadline) {
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (cluster.execs.size() < 3 && System.nanoTime() < deadline) {
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

    long idleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_000);
    while (System.nanoTime() < idleUntil) {
      loop.step();
    }
    assertEquals(listed, cluster.listings.get(), "no polling while the watch is quiet");

    // a restarted container: the watch reports it, the loop catches it up at once
    cluster.containers = List.of(new ContainerRef("default", "api-1", "api", "podman://2"));
    cluster.podChanges = java.util.OptionalLong.of(2);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (cluster.execs.size() < 2 && System.nanoTime() < deadline) {
      loop.step();
    }
    assertEquals(2, cluster.execs.size(), "caught up after the pod event");
    assertTrue(cluster.stdin.get(1).contains("app/api/app.py"));
  }

  @Test
  void withAnImageNoRunningContainerRebuildsAndRollsOutInsteadOfWaiting() throws Exception {
    Path app = Files.writeString(Files.createDirectories(base.resolve("api")).resolve("app.py"),
        "v2");
    DevLoop loop = loop(Optional.of(rebuilder()));

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
    DevLoop loop = loop(Optional.of(rebuilder()));

    batches.add(ChangeBatch.of(Set.of(app), Set.of()));
    loop.step();

    assertEquals(List.of("reg/api@sha256:1"), cluster.rollouts);
    assertTrue(events.contains(new DevEvent.RebuildStarted(cluster.stuck.get(0))));
    assertEquals(0, cluster.execs.size(), "the new image holds the change: nothing to copy");
  }

  private Rebuilder rebuilder() {
    ImageConfig image = new ImageConfig("base", "reg/api", List.of(), List.of(), List.of(),
        Optional.empty(), java.util.Map.of(), List.of(), false);
    return new Rebuilder(image, IgnoreRules.defaults(base, base.resolve("target")),
        (config, ignores, listener) -> new BuiltImage("reg/api@sha256:1", "sha256:1",
            "reg/api:liveupdate", 1, Duration.ZERO, Duration.ZERO),
        cluster, events::add, Duration.ofSeconds(5));
  }

  private DevLoop loop() throws IOException {
    return loop(Optional.empty());
  }

  private DevLoop loop(Optional<Rebuilder> rebuilder) throws IOException {
    LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(base.resolve("api"), "/app/api")), List.of(), List.of(), List.of(),
        Duration.ofMillis(50), Duration.ofSeconds(1), Optional.empty());
    LiveUpdater updater = new LiveUpdater(
        new ContainerUpdater(cluster, events::add, Duration.ofSeconds(5), Duration.ofSeconds(5)),
        events::add);
    return new DevLoop(timeout -> batches.poll(timeout.toMillis(), TimeUnit.MILLISECONDS),
        new Planner(config), cluster, updater, events::add, "deployment/api", rebuilder);
  }

  private static final class FakeCluster implements Cluster {
    volatile List<ContainerRef> containers = List.of();
    volatile List<String> stuck = List.of();
    volatile java.util.OptionalLong podChanges = java.util.OptionalLong.empty();
    final java.util.concurrent.atomic.AtomicInteger listings =
        new java.util.concurrent.atomic.AtomicInteger();
    final List<String> rollouts = new CopyOnWriteArrayList<>();
    final List<List<String>> execs = new CopyOnWriteArrayList<>();
    final List<String> stdin = new CopyOnWriteArrayList<>();

    @Override
    public List<ContainerRef> runningContainers() {
      listings.incrementAndGet();
      return containers;
    }

    @Override
    public java.util.OptionalLong podChanges() {
      return podChanges;
    }

    @Override
    public ExecResult exec(ContainerRef container, List<String> command, StdinWriter writer,
        Consumer<OutputLine> output, Duration timeout) throws ClusterException {
      execs.add(command);
      if (writer != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
          writer.write(bytes);
        } catch (IOException e) {
          throw new ClusterException("stdin", e);
        }
        stdin.add(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
      }
      return new ExecResult(0, "");
    }

    @Override
    public void rollOut(String image, Duration timeout, Consumer<String> progress) {
      rollouts.add(image);
    }

    @Override
    public List<String> stuckContainers() {
      return stuck;
    }

    @Override
    public void close() {}
  }
}
