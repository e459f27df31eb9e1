package dev.liveupdate.it.bench;

import dev.liveupdate.it.MavenProcess;
import dev.liveupdate.it.SampleProject;
import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import io.kubernetes.client.Exec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How fast one {@code mvn liveupdate:dev} gets changes into containers, against the floor the test
 * cluster sets: one exec through the Kubernetes API double. A benchmark, not a test: it prints
 * figures and writes them to {@code target/bench/results.json}; it asserts only that every change
 * really arrived. Runs only with {@code -Pbench}. The sample is {@code src/it/projects/bench-sync}
 * ({@code src} synced to {@code /app/src}, no run steps, no image), so every change is one live
 * update whose ideal is one exec per container.
 *
 * <p>In order, each step writing its keys as soon as it is done:
 * <ol>
 *   <li>{@code rawExec} and {@code singleFile}, alternated so both see the same load: {@code true}
 *       executed through the double with the official client's {@code Exec} in this JVM (the
 *       WebSocket transport the plugin uses), the floor; then new content written to
 *       {@code src/app.py}, timed until the container holds it ({@link HostProbe}, 1 ms polling
 *       from the host), with the exec calls it cost.
 *   <li>{@code replicas10}: the Deployment scaled to 10 replicas; the same change timed until all
 *       10 hold it, divided by the 1-replica figure; then back to 1 replica. Alternated with 10
 *       raw execs in parallel, the floor of that ratio on this machine.
 *   <li>{@code burst100}, {@code burst1000}: 100 and 1000 new 64-byte files written at once into a
 *       new folder under {@code src}, timed from the first write until the container holds all of
 *       them; the exec calls and update batches they cost.
 * </ol>
 *
 * <p>Properties: {@code bench.singleFiles} (default 20), {@code bench.replicaUpdates} (10),
 * {@code bench.bursts100} (5), {@code bench.bursts1000} (3), {@code bench.warmup} (untimed rounds
 * before each figure, 1).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncBench {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forBenchmark("sync");


  private static final String NAMESPACE = "default";
  private static final String DEPLOYMENT = "bench-sync";
  private static final String CONTAINER = "main";
  private static final String APP = "src/app.py";
  private static final String APP_IN_CONTAINER = "app/src/app.py";
  private static final int REPLICAS = 10;
  private static final int BURST_FILE_SIZE = 64;
  private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern UPDATED_IN = Pattern.compile("→ container .* updated in (\\d+) ms");
  private static final Pattern NOT_UPDATED = Pattern.compile("→ container .* NOT updated");
  /** The header of an update: {@code 3 files changed, 1 deleted in 2 containers: …}. */
  private static final Pattern WILL_COPY =
      Pattern.compile("\\] (\\d+) files? changed(?:, \\d+ deleted)?(?: in (\\d+) containers)?:");

  private static final int WARMUP = Integer.getInteger("bench.warmup", 1);
  /** Failures client-java's Exec reports after the fact (it would print their stack traces). */
  private static final AtomicInteger TRANSPORT_ERRORS = new AtomicInteger();

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;
  private static ApiClient api;
  private static byte[] appContent;
  /** This run's exec floor (p50), which later figures are compared with; NaN until measured. */
  private static double rawExecP50 = Double.NaN;
  /** The 1-replica figure the 10-replica one is divided by. */
  private static Samples singleFile;

  @BeforeAll
  static void startDevSession() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("bench-sync", work, Map.of());
    appContent = Files.readAllBytes(project.resolve(APP));
    String image = cluster.buildImage("bench-sync", "1", Map.of(project.resolve("src"), "/app/src"),
        List.of("sleep", "86400"));
    cluster.createDeployment(NAMESPACE, DEPLOYMENT, 1, Map.of("app", DEPLOYMENT), CONTAINER, image,
        List.of());
    cluster.waitForRunningPods(NAMESPACE, DEPLOYMENT, 1, Duration.ofSeconds(60));
    api = Config.fromConfig(cluster.kubeconfig().toString());
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  /**
   * The floor and the single-file update, alternated (one raw exec, then one update, n times) so
   * that both see the same load on a shared machine: their difference is what the plugin adds.
   */
  @Test
  @Order(1)
  void singleFileAgainstTheExecFloor() throws Exception {
    long began = System.nanoTime();
    String date = now();
    String load = Machine.loadAverage();
    List<PodInfo> pods = pods(1);
    String pod = pods.get(0).name();
    Samples raw = new Samples("raw exec: true through the double (client-java Exec)");
    Samples latency = new Samples("single file: write -> bytes in the container");
    Samples reported = new Samples("single file, as mvn reports it ('updated in')");
    Samples paired = new Samples("single file - the raw exec just before it");
    List<Integer> execs = new ArrayList<>();
    for (int i = -2 * WARMUP; i < Integer.getInteger("bench.singleFiles", 20); i++) {
      long exec = execTrue(pod);
      Update update = writeApp("single " + i, pods);
      if (i >= 0) {
        raw.addNanos(exec);
        paired.addNanos(update.nanos() - exec);
        latency.addNanos(update.nanos());
        reported.addMillis(update.reportedMillis());
        execs.add(update.execsPerContainer());
      }
    }
    rawExecP50 = raw.p50();
    singleFile = latency;
    double overExec = latency.p50() - rawExecP50;
    BenchResults results = BenchResults.load();
    results.putSamples("rawExec", raw).putSamples("singleFile", latency)
        .putSamples("singleFileReported", reported)
        .putMillis("singleFileOverExecMs", overExec).goal("singleFileOverExecMs", "<= 80")
        .putSamples("singleFileOverExecPaired", paired)
        .putNumber("execTransportErrors", TRANSPORT_ERRORS.get(), 0);
    execs.forEach(results.object("samples").putArray("singleFileExecsPerContainer")::add);
    results.describe("rawExec", "one exec of 'true' in the pod's container through the "
            + "Kubernetes API double: io.kubernetes.client.Exec of client-java 27 in the "
            + "benchmark's JVM (a new WebSocket, v5.channel.k8s.io, like the plugin's exec), timed "
            + "from the call until the exit status arrived; the double runs podman exec for it. "
            + "Alternated with the singleFile updates, so both see the same load")
        .describe("singleFile", "new content (one line) written to src/app.py with Files.write, "
            + "timed from just before the write until the container holds exactly those bytes; "
            + HostProbe.FILE_DESCRIPTION)
        .describe("singleFileReported", "the plugin's own 'updated in N ms' line for the same "
            + "updates: its exec of the tar until the exit status, without watching and batching")
        .describe("singleFileOverExecMs", "singleFileP50Ms - rawExecP50Ms: what the plugin adds "
            + "to the one exec an update needs (watching, the quiet period, listing the pods, "
            + "planning, the tar). The bytes land before the exec's exit status travels back, so "
            + "this can be a little below the plugin's true share")
        .describe("singleFileOverExecPaired", "the same difference taken per pair (each update "
            + "minus the raw exec just before it), then its percentiles: less sensitive to load "
            + "that changes during the run")
        .describe("execTransportErrors", "WebSocket failures client-java reported for the "
            + "benchmark's own raw execs after their exit status had arrived (each is a stack "
            + "trace client-java would print otherwise)")
        .run("SyncBench.singleFile", date, load, seconds(began)).write();
    System.out.println(new Report("single file against the exec floor, 1 replica").samples(raw)
        .samples(latency).samples(reported).samples(paired)
        .figure("singleFileOverExecMs", overExec, "ms", "<= 80")
        .line("exec calls per container per update: " + execs));
  }

  @Test
  @Order(2)
  void replicas() throws Exception {
    long began = System.nanoTime();
    String date = now();
    String load = Machine.loadAverage();
    cluster.scaleDeployment(NAMESPACE, DEPLOYMENT, REPLICAS);
    try {
      tenReplicas(date, load, began);
    } finally {
      cluster.scaleDeployment(NAMESPACE, DEPLOYMENT, 1);
      pods(1);
    }
  }

  private static void tenReplicas(String date, String load, long began) throws Exception {
    List<PodInfo> pods = pods(REPLICAS);
    // The plugin brings the new replicas up to date on its own (they run the image as built).
    HostProbe.awaitContent(appFiles(pods), appContent, ARRIVAL_TIMEOUT);
    awaitNoExec();

    Samples parallel = new Samples("raw exec: true in 10 pods at once");
    Samples ten = new Samples("single file, 10 replicas: write -> bytes in all 10");
    List<Integer> execs = new ArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(REPLICAS);
    try {
      // alternated, so the floor and the updates see the same load
      for (int i = -WARMUP; i < Integer.getInteger("bench.replicaUpdates", 10); i++) {
        long start = System.nanoTime();
        List<Future<Long>> calls = new ArrayList<>();
        for (PodInfo pod : pods) {
          calls.add(threads.submit(() -> execTrue(pod.name())));
        }
        for (Future<Long> call : calls) {
          call.get(60, TimeUnit.SECONDS);
        }
        long allExecs = System.nanoTime() - start;
        Update update = writeApp("replicas " + i, pods);
        if (i >= 0) {
          parallel.addNanos(allExecs);
          ten.addNanos(update.nanos());
          execs.add(update.execsPerContainer());
        }
      }
    } finally {
      threads.shutdownNow();
    }
    BenchResults results = BenchResults.load();
    double ratio = singleFile == null ? Double.NaN : ten.p50() / singleFile.p50();
    double floor = parallel.p50() / rawExecP50;
    results.putSamples("replicas10", ten).putSamples("rawExec10Parallel", parallel)
        .putNumber("replicas10Over1", ratio, 2).goal("replicas10Over1", "<= 1.5")
        .putNumber("rawExec10ParallelOver1", floor, 2);
    execs.forEach(results.object("samples").putArray("replicas10ExecsPerContainer")::add);
    results.describe("replicas10", "the single-file change with the Deployment scaled to 10 "
            + "replicas (10 podman containers), timed until all 10 hold the new bytes; "
            + HostProbe.FILE_DESCRIPTION)
        .describe("replicas10Over1", "replicas10P50Ms / singleFileP50Ms (same change, same probe, "
            + "1 replica)")
        .describe("rawExec10Parallel", "10 raw execs of 'true' (one per pod) started at once from "
            + "10 threads, timed until the last exit status, alternated with the replicas10 "
            + "updates; rawExec10ParallelOver1 = its p50 / rawExecP50Ms: what the double's execs "
            + "alone cost 10 replicas on this machine, the floor of replicas10Over1 here")
        .run("SyncBench.replicas", date, load, seconds(began)).write();
    Report report = new Report("1 vs 10 replicas");
    if (singleFile != null) {
      report.samples(singleFile);
    }
    System.out.println(report.samples(ten).samples(parallel)
        .figure("replicas10Over1", ratio, "x", "<= 1.5")
        .figure("rawExec10ParallelOver1", floor, "x", null)
        .line("exec calls per container per update (10 replicas): " + execs));
  }

  @Test
  @Order(3)
  void bursts() throws Exception {
    long began = System.nanoTime();
    String date = now();
    String load = Machine.loadAverage();
    List<PodInfo> pods = pods(1);
    Report report = new Report("bursts of new files, 1 replica");
    BenchResults results = BenchResults.load();
    for (int files : List.of(100, 1000)) {
      Samples latency = new Samples("burst of " + files + " new files: first write -> all there");
      Samples writing = new Samples("of which writing them locally");
      List<Integer> execs = new ArrayList<>();
      List<Integer> batches = new ArrayList<>();
      int rounds = Integer.getInteger("bench.bursts" + files, files == 100 ? 5 : 3);
      for (int i = -WARMUP; i < rounds; i++) {
        Burst burst = writeBurst(files, i + WARMUP, pods);
        if (i >= 0) {
          latency.addNanos(burst.nanos());
          writing.addNanos(burst.writeNanos());
          execs.add(burst.update().execsPerContainer());
          batches.add(burst.update().batches());
        }
      }
      String key = "burst" + files;
      results.putSamples(key, latency).putMillis(key + "Ms", latency.p50())
          .putSamples(key + "Write", writing);
      execs.forEach(results.object("samples").putArray(key + "ExecsPerContainer")::add);
      batches.forEach(results.object("samples").putArray(key + "Batches")::add);
      results.describe(key, files + " new files of " + BURST_FILE_SIZE + " bytes written one "
          + "after the other (as fast as Files.write goes) into a new folder under src, timed from "
          + "just before the folder is created until the container holds all of them; " + key
          + "Ms = the p50; " + HostProbe.DIR_DESCRIPTION);
      report.samples(latency).samples(writing)
          .line("  exec calls per container: " + execs + ", update batches: " + batches);
      if (files == 1000) {
        int totalExecs = execs.stream().mapToInt(Integer::intValue).sum();
        int totalBatches = batches.stream().mapToInt(Integer::intValue).sum();
        double perUpdate = (double) totalExecs / totalBatches;
        results.putNumber("execsPerContainerPerUpdate", perUpdate, 2)
            .goal("execsPerContainerPerUpdate", "1")
            .putNumber("burst1000Batches", (double) totalBatches / execs.size(), 2)
            .goal("burst1000Ms", "<= 2000, in one batch (burst1000Batches = 1)")
            .describe("execsPerContainerPerUpdate", "exec requests the double received for the "
                + "container during the timed 1000-file bursts, divided by the update batches "
                + "the plugin made of them (its '… files changed' headers); burst1000Batches = batches "
                + "per burst");
        report.figure("burst1000Ms", latency.p50(), "ms", "<= 2000")
            .figure("execsPerContainerPerUpdate", perUpdate, "", "1")
            .figure("burst1000Batches", (double) totalBatches / execs.size(), "", "1");
      }
    }
    results.run("SyncBench.bursts", date, load, seconds(began)).write();
    System.out.println(report);
  }

  /** One live update and what it cost. */
  private record Update(long nanos, double reportedMillis, int execsPerContainer, int batches,
      int filesCopied) {}

  private record Burst(long nanos, long writeNanos, Update update) {}

  /** Writes a new unique line to {@code src/app.py} and waits until every pod holds it. */
  private static Update writeApp(String what, List<PodInfo> pods) throws Exception {
    byte[] content = ("print('bench " + what + " " + System.nanoTime() + "')\n")
        .getBytes(StandardCharsets.UTF_8);
    List<Path> files = appFiles(pods);
    int from = mvn.lineCount();
    Instant since = Instant.now();
    long start = System.nanoTime();
    Files.write(project.resolve(APP), content);
    long seen = HostProbe.awaitContent(files, content, ARRIVAL_TIMEOUT);
    appContent = content;
    return finished(from, since, seen - start, pods);
  }

  private static Burst writeBurst(int count, int round, List<PodInfo> pods) throws Exception {
    String folder = "burst-" + count + "-" + round;
    Path dir = project.resolve("src").resolve(folder);
    List<Path> inContainers = pods.stream()
        .map(p -> cluster.containerRoot(p.containerId()).resolve("app/src").resolve(folder))
        .toList();
    int from = mvn.lineCount();
    Instant since = Instant.now();
    long start = System.nanoTime();
    Files.createDirectory(dir);
    for (int i = 0; i < count; i++) {
      String line = String.format(Locale.ROOT, "%-" + (BURST_FILE_SIZE - 1) + "s%n",
          "burst " + count + " round " + round + " file " + i);
      Files.writeString(dir.resolve(String.format(Locale.ROOT, "f%04d.txt", i)), line,
          StandardCharsets.UTF_8);
    }
    long written = System.nanoTime();
    long seen = HostProbe.awaitFiles(inContainers, count, BURST_FILE_SIZE, ARRIVAL_TIMEOUT);
    Update update = finished(from, since, seen - start, pods);
    if (update.filesCopied() < count) {
      throw new AssertionError("mvn announced " + update.filesCopied() + " copies for a burst of "
          + count + ":\n" + mvn.tail(40));
    }
    return new Burst(seen - start, written - start, update);
  }

  /**
   * Waits until the plugin has finished the updates it started since output line {@code from}
   * (every container counted in its '… files changed' headers reported, no exec open) and counts their
   * exec requests per container.
   */
  private static Update finished(int from, Instant since, long nanos, List<PodInfo> pods)
      throws InterruptedException {
    long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
    while (true) {
      List<String> lines = mvn.lines();
      lines = lines.subList(Math.min(from, lines.size()), lines.size());
      int batches = 0;
      int expected = 0;
      int copied = 0;
      int reported = 0;
      double reportedMillis = 0;
      for (String line : lines) {
        Matcher copy = WILL_COPY.matcher(line);
        Matcher updated = UPDATED_IN.matcher(line);
        if (copy.find()) {
          batches++;
          copied += Integer.parseInt(copy.group(1));
          expected += copy.group(2) == null ? 1 : Integer.parseInt(copy.group(2));
        } else if (updated.find()) {
          reported++;
          reportedMillis = Math.max(reportedMillis, Double.parseDouble(updated.group(1)));
        } else if (NOT_UPDATED.matcher(line).find()) {
          throw new AssertionError("an update failed:\n" + mvn.tail(40));
        }
      }
      if (batches > 0 && reported >= expected && cluster.openExecSessions() == 0) {
        long execs = cluster.requests().stream()
            .filter(r -> r.isExec() && !r.time().isBefore(since)).count();
        return new Update(nanos, reportedMillis, (int) Math.round((double) execs / pods.size()),
            batches, copied);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the plugin did not finish its update within "
            + ARRIVAL_TIMEOUT.toSeconds() + " s:\n" + mvn.tail(40));
      }
      Thread.sleep(10); // polling interval of the condition
    }
  }

  /** One exec of {@code true} through the double; returns how long until its exit status came. */
  private static long execTrue(String pod) throws Exception {
    long start = System.nanoTime();
    Process process = new Exec(api).newExecutionBuilder(NAMESPACE, pod, new String[] {"true"})
        .setContainer(CONTAINER).setStdin(false).setStdout(true).setStderr(true).setTty(false)
        .setOnUnhandledError(e -> TRANSPORT_ERRORS.incrementAndGet()).execute();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("exec of true in " + pod + " did not end within 30 s");
    }
    long took = System.nanoTime() - start;
    // `true` prints nothing; its streams close with the exec. Not process.destroy(): client-java's
    // ExecProcess.destroy() shuts down the ApiClient's dispatcher.
    if (process.exitValue() != 0) {
      throw new AssertionError("true exited with " + process.exitValue() + " in " + pod);
    }
    return took;
  }

  private static List<PodInfo> pods(int count) {
    return cluster.waitForRunningPods(NAMESPACE, DEPLOYMENT, count, Duration.ofSeconds(180));
  }

  private static List<Path> appFiles(List<PodInfo> pods) {
    return pods.stream()
        .map(p -> cluster.containerRoot(p.containerId()).resolve(APP_IN_CONTAINER)).toList();
  }

  private static void awaitNoExec() throws InterruptedException {
    if (!cluster.awaitNoOpenExecSessions(ARRIVAL_TIMEOUT)) {
      throw new AssertionError(cluster.openExecSessions() + " exec sessions still open");
    }
  }

  private static String now() {
    return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static long seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e9);
  }
}
