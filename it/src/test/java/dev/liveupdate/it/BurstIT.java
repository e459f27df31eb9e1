package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10, item 3: when saves come faster than an update's round trip, the batches waiting for
 * the loop coalesce into one update, which sends each file once, as it is then. The shapes of the
 * issue: a large file written over ~10 s, and many small edits at ~9 per second. Asserted: once the
 * writing stops, at most two updates carry the file (one may have started with the last batch but
 * one). The figures (updates, time to converge after the last write) are printed, with
 * {@code -Dburst.mb=N} (default {@value #DEFAULT_MB}) and {@code -Dburst.edits=N} (default
 * {@value #DEFAULT_EDITS}) to run the sizes (500 MB, 500 edits).
 */
class BurstIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("faults-burst");

  static final int DEFAULT_MB = 200;
  static final int DEFAULT_EDITS = 180;
  private static final String DEPLOYMENT = "fault-burst";
  /** The pace of the edits: about 9 a second. */
  private static final Duration EDIT_EVERY = Duration.ofMillis(111);
  /** The loop prints a line per update: this long without one, it is idle. */
  private static final Duration IDLE = Duration.ofSeconds(5);

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;
  private static String containerId;

  @BeforeAll
  static void deploy() throws Exception {
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("faults/burst", CLUSTER.work());
    String image = cluster.buildImage(DEPLOYMENT, "1", Map.of(project.resolve("api"), "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", DEPLOYMENT, 1, Map.of("app", DEPLOYMENT), "main", image,
        List.of());
    PodInfo pod = cluster.waitForRunningPods("default", DEPLOYMENT, 1, Duration.ofSeconds(60))
        .get(0);
    containerId = pod.containerId();
  }

  /** A session of its own per shape: nothing one left queued is counted for the other. */
  @BeforeEach
  void startDev() throws Exception {
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
  }

  @AfterEach
  void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  void aLargeFileWrittenOverTenSecondsIsSentOnceMoreAfterTheWritingStops() throws Exception {
    int megabytes = Integer.getInteger("burst.mb", DEFAULT_MB);
    Path big = project.resolve("api/big.bin");
    int first = mvn.lineCount();
    long start = System.nanoTime();
    byte[] chunk = new byte[megabytes * 1024 * 1024 / 100];
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(big, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int i = 0; i < 100; i++) { // 100 writes, one every 100 ms
        java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
        out.write(chunk);
        out.flush();
        sha.update(chunk);
        pace(start, i + 1, Duration.ofMillis(100));
      }
    }
    long written = System.nanoTime();
    int afterWriting = mvn.lineCount();
    String expected = HexFormat.of().formatHex(sha.digest());
    awaitInContainer("sha256sum /app/api/big.bin | cut -d' ' -f1", expected + "\n",
        Duration.ofMinutes(20));
    long converged = System.nanoTime();
    int end = awaitIdle();

    long sends = count(first, end, "'api/big.bin'");
    long sendsAfter = count(afterWriting, end, "'api/big.bin'");
    figures("large file: " + megabytes + " MB written in " + millis(start, written) + " ms; sent "
        + sends + " time(s), " + sendsAfter + " of them after the writing stopped; the container"
        + " held it " + millis(written, converged) + " ms after the last write; the last update "
        + "ended " + millis(written, lastUpdateEnded(first, end)) + " ms after it");
    assertTrue(sendsAfter <= 2, "updates started after the writing stopped: " + sendsAfter
        + "; pending batches must coalesce into one update:\n" + mvn.tail(40));
  }

  @Test
  void manyEditsAtNinePerSecondConvergeWithOneUpdateAfterTheLast() throws Exception {
    int edits = Integer.getInteger("burst.edits", DEFAULT_EDITS);
    int first = mvn.lineCount();
    long start = System.nanoTime();
    for (int i = 1; i <= edits; i++) {
      Path file = project.resolve("api/edit-" + (i % 5) + ".txt");
      Files.writeString(file, "edit " + i + "\n", StandardCharsets.UTF_8);
      pace(start, i, EDIT_EVERY);
    }
    long lastEdit = System.nanoTime();
    int afterEditing = mvn.lineCount();
    StringBuilder expected = new StringBuilder();
    for (int i = edits - 4; i <= edits; i++) {
      expected.append("edit ").append(i).append('\n');
    }
    String files = String.join(" ", java.util.stream.IntStream.rangeClosed(edits - 4, edits)
        .mapToObj(i -> "/app/api/edit-" + (i % 5) + ".txt").toList());
    awaitInContainer("cat " + files + " 2>&1; true", expected.toString(), Duration.ofMinutes(10));
    long converged = System.nanoTime();
    int end = awaitIdle();

    long updates = countUpdates(first, end);
    long updatesAfter = countUpdates(afterEditing, end);
    figures("edits: " + edits + " edits in " + millis(start, lastEdit) + " ms; " + updates
        + " update(s), " + updatesAfter + " after the last edit; the container held the last "
        + millis(lastEdit, converged) + " ms after it; the last update ended "
        + millis(lastEdit, lastUpdateEnded(first, end)) + " ms after it");
    assertTrue(updatesAfter <= 2, "updates started after the last edit: " + updatesAfter
        + "; pending batches must coalesce into one update:\n" + mvn.tail(40));
    assertTrue(mvn.isAlive(), mvn.tail(20));
  }

  /** Waits until the {@code i}th step of a paced loop is due, so the pace holds on average. */
  private static void pace(long start, int i, Duration every) {
    long due = start + every.toNanos() * i;
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
      LockSupport.parkNanos(left); // the pace of the edits under test, not a wait for a result
    }
  }

  /**
   * Waits until the loop is idle — every update it started has ended, and no line came for
   * {@link #IDLE} — so that the updates still queued are counted too; the line count then.
   */
  private static int awaitIdle() {
    int[] seen = {mvn.lineCount()};
    long[] since = {System.nanoTime()};
    await().atMost(Duration.ofMinutes(40)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (mvn.lineCount() != seen[0]) {
        seen[0] = mvn.lineCount();
        since[0] = System.nanoTime();
      }
      return System.nanoTime() - since[0] >= IDLE.toNanos() && !updating(seen[0]);
    });
    return seen[0];
  }

  /** Whether the last update started before line {@code end} has not ended by then. */
  private static boolean updating(int end) {
    List<String> lines = mvn.lines().subList(0, end);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (lines.get(i).contains("updated in") || lines.get(i).contains("NOT updated")) {
        return false;
      }
      if (PluginLines.isUpdateHeader(lines.get(i))) {
        return true;
      }
    }
    return false;
  }

  /** When the last "updated in" line between {@code from} and {@code to} arrived. */
  private static long lastUpdateEnded(int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      if (mvn.lines().get(i).contains("updated in")) {
        return mvn.arrivalNanos(i);
      }
    }
    throw new AssertionError("no update ended:\n" + mvn.tail(30));
  }

  private static void awaitInContainer(String script, String expected, Duration within) {
    await().atMost(within).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertEquals(expected, cluster.podmanExec(containerId, "sh", "-c",
            script), () -> "not in the container within " + within.toSeconds() + " s:\n"
            + mvn.tail(30)));
  }

  private static long countUpdates(int from, int to) {
    return mvn.lines().subList(from, to).stream().filter(PluginLines::isUpdateHeader).count();
  }

  private static long count(int from, int to, String text) {
    return mvn.lines().subList(from, to).stream().filter(l -> l.contains(text)).count();
  }

  private static long millis(long from, long to) {
    return Duration.ofNanos(to - from).toMillis();
  }

  private static void figures(String line) throws IOException {
    System.out.println("BurstIT: " + line);
    Files.writeString(CLUSTER.work().resolve("figures.txt"), line + "\n", StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
