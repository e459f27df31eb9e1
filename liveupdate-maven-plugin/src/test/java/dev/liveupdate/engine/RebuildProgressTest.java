package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A quiet image build still shows progress: a line with the elapsed time whenever it said nothing
 * for 2 s. Real time: the build below ends once two such lines came.
 */
class RebuildProgressTest {

  @Test
  void aQuietBuildIsReportedWithItsElapsedTimeEveryTwoSeconds() throws Exception {
    List<DevEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch twoTicks = new CountDownLatch(2);
    MemoryCluster cluster = new MemoryCluster();
    Rebuilder rebuilder = new Rebuilder(progress -> {
      if (!twoTicks.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("no progress lines while the build was quiet: " + events);
      }
      return "reg/api@sha256:1";
    }, false, cluster, event -> {
      events.add(event);
      if (event instanceof DevEvent.RebuildProgress p && p.line().startsWith("still ")) {
        twoTicks.countDown();
      }
    }, Duration.ofSeconds(5));
    long began = System.nanoTime();

    assertTrue(rebuilder.rebuild("pom.xml changed"));

    List<String> ticks = events.stream().filter(DevEvent.RebuildProgress.class::isInstance)
        .map(e -> ((DevEvent.RebuildProgress) e).line()).filter(l -> l.startsWith("still "))
        .toList();
    assertEquals(List.of("still building the image: 2 s", "still building the image: 4 s"),
        ticks.subList(0, 2));
    assertTrue(System.nanoTime() - began < TimeUnit.SECONDS.toNanos(8), "no tick was late");
    assertTrue(events.get(events.size() - 1) instanceof DevEvent.RebuildFinished);
  }
}
