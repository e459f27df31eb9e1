package dev.liveupdate.it.bench;

import dev.liveupdate.it.MavenProcess;
import dev.liveupdate.it.SampleProject;
import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.RecordedRequest;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What watching a large project costs: start-up time, heap and idle CPU of {@code mvn
 * liveupdate:dev} on {@code src/it/projects/bench-tree} with a generated tree of 50,000 small
 * files in 5,000 directories under its synced {@code src}, and the same on the tiny project as
 * committed (the baseline, measured in the same run). dev starts with
 * {@code -Dliveupdate.onStart=none}, so the tree is watched but nothing is sent. A benchmark, not a
 * test: it prints figures and writes them to {@code target/bench/results.json}. Runs only with
 * {@code -Pbench}.
 *
 * <p>Per start: the plugin's own {@code watched in N ms} (its watcher's start-up), the wall time
 * from starting mvn to that line, and the heap after a full GC ({@code jcmd GC.run}, then
 * {@code GC.heap_info}). After the last start on the large tree: the CPU time the mvn JVM uses
 * while nothing changes, over {@code bench.idleSeconds} (default 60).
 *
 * <p>Properties: {@code bench.watchStarts} (starts per project, default 3),
 * {@code bench.idleSeconds} (default 60).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatchStartBench {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forBenchmark("watch-start");


  private static final String NAMESPACE = "default";
  private static final String DEPLOYMENT = "bench-tree";
  private static final int TOP_DIRS = 100;
  private static final int SUB_DIRS = 49;
  private static final int FILES_PER_DIR = 10;
  /** Parts of the idle window with a CPU figure of their own. */
  private static final int STEPS = 6;
  /** The watcher's own part of the start-up, in the line that says the plugin watches. */
  private static final Pattern READY_IN = Pattern.compile("files? watched in (\\d+) ms");

  private static TestCluster cluster;
  private static Path work;
  /** The tiny project's median heap, the baseline of the large tree's. */
  private static double tinyHeapMb = Double.NaN;

  @BeforeAll
  static void startCluster() {
    work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    Path tiny = SampleProject.copy("bench-tree", work.resolve("tiny"), Map.of());
    String image = cluster.buildImage("bench-tree", "1", Map.of(tiny.resolve("src"), "/app/src"),
        List.of("sleep", "86400"));
    cluster.createDeployment(NAMESPACE, DEPLOYMENT, 1, Map.of("app", DEPLOYMENT), "main", image,
        List.of());
    cluster.waitForRunningPods(NAMESPACE, DEPLOYMENT, 1, Duration.ofSeconds(60));
  }

  /** One start of dev and what it cost. */
  private record Start(double readyMillis, double wallMillis, JvmProbe.Heap heap, double rssMb) {}

  /** The figures of several starts on one project. */
  private record Starts(Samples ready, Samples wall, Samples heap, Samples rss) {
    Starts(String project) {
      this(new Samples("watcher start-up, " + project + " ('watched in')"),
          new Samples("mvn start -> watching, " + project),
          new Samples("heap used after full GC, " + project + " (MiB)"),
          new Samples("RSS, " + project + " (MiB)"));
    }

    void add(Start start) {
      ready.addMillis(start.readyMillis());
      wall.addMillis(start.wallMillis());
      heap.addMillis(start.heap().usedMb());
      rss.addMillis(start.rssMb());
    }
  }

  @Test
  @Order(1)
  void tinyProject() throws Exception {
    long began = System.nanoTime();
    String date = now();
    String load = Machine.loadAverage();
    Path project = work.resolve("tiny").resolve("bench-tree");
    Starts tiny = new Starts("tiny project");
    for (int i = 0; i < starts(); i++) {
      try (Session session = Session.start(project, "tiny-" + i)) {
        tiny.add(session.measure());
      }
    }
    tinyHeapMb = tiny.heap().p50();
    BenchResults.load().putMillis("watchStartTinyMs", tiny.ready().p50())
        .putMillis("watchStartTinyWallMs", tiny.wall().p50())
        .putNumber("watchHeapTinyMb", tinyHeapMb, 1)
        .putNumber("watchRssTinyMb", tiny.rss().p50(), 1)
        .describe("watchStartTinyMs", "the baseline of watchStart50kMs: the same, on bench-tree "
            + "as committed (2 files)")
        .describe("watchHeapTinyMb", "the baseline of watchHeapMb: the same, on the tiny project")
        .run("WatchStartBench.tinyProject", date, load, seconds(began)).write();
    System.out.println(new Report("watch start-up, tiny project").samples(tiny.ready())
        .samples(tiny.wall()).samples(tiny.heap()).samples(tiny.rss()));
  }

  @Test
  @Order(2)
  void largeTree() throws Exception {
    long began = System.nanoTime();
    String date = now();
    String load = Machine.loadAverage();
    Path project = SampleProject.copy("bench-tree", work.resolve("tree50k"), Map.of());
    long generating = System.nanoTime();
    int files = generateTree(project.resolve("src").resolve("tree"));
    double generated = (System.nanoTime() - generating) / 1e6;

    Starts large = new Starts("50k files");
    int idleSeconds = Integer.getInteger("bench.idleSeconds", 60);
    double cpuSeconds;
    double idleWall;
    long idleRequests;
    long idleExecs;
    Map<String, Double> idleThreads;
    List<Double> idleSeries = new ArrayList<>();
    Map<String, Integer> idleRequestsByPath = new TreeMap<>();
    for (int i = 0; ; i++) {
      try (Session session = Session.start(project, "tree50k-" + i)) {
        large.add(session.measure());
        if (i < starts() - 1) {
          continue;
        }
        Instant since = Instant.now();
        long from = System.nanoTime();
        double cpuBefore = session.jvm().cpuSeconds();
        Map<String, Double> threadsBefore = session.jvm().cpuSecondsByThread();
        // the measurement window, in STEPS parts so warm-up can be told from the steady state
        double last = cpuBefore;
        long lastAt = from;
        for (int step = 1; step <= STEPS; step++) {
          long end = from + Duration.ofSeconds(idleSeconds).toNanos() * step / STEPS;
          Thread.sleep(Math.max(0, (end - System.nanoTime()) / 1_000_000));
          double cpu = session.jvm().cpuSeconds();
          long at = System.nanoTime();
          idleSeries.add((cpu - last) / ((at - lastAt) / 1e9) * 100);
          last = cpu;
          lastAt = at;
        }
        cpuSeconds = last - cpuBefore;
        idleThreads = busiest(threadsBefore, session.jvm().cpuSecondsByThread(), 6);
        idleWall = (System.nanoTime() - from) / 1e9;
        List<RecordedRequest> requests = cluster.requests().stream()
            .filter(r -> !r.time().isBefore(since)).toList();
        idleRequests = requests.size();
        requests.forEach(r -> idleRequestsByPath.merge(r.method() + " " + r.path(), 1, Integer::sum));
        idleExecs = requests.stream().filter(RecordedRequest::isExec).count();
        break;
      }
    }
    double idleCpu = cpuSeconds / idleWall * 100;
    double heap = large.heap().p50();

    BenchResults results = BenchResults.load();
    var series = results.root().putArray("idleCpuPercentSeries");
    idleSeries.forEach(p -> series.add(BenchResults.round(p, 2)));
    double lastHalf = idleSeries.subList(STEPS / 2, STEPS).stream()
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    results.putNumber("idleCpuLastHalfPercent", lastHalf, 2);
    var byPath = results.root().putObject("idleApiRequestsByPath");
    idleRequestsByPath.forEach(byPath::put);
    var threads = results.root().putObject("idleCpuSecondsByThread");
    idleThreads.forEach((name, seconds) -> threads.put(name, BenchResults.round(seconds, 2)));
    results.putMillis("watchStart50kMs", large.ready().p50())
        .putSamples("watchStart50k", large.ready())
        .putMillis("watchStart50kWallMs", large.wall().p50())
        .putNumber("watchHeapMb", heap, 1)
        .putNumber("watchHeapOverTinyMb", heap - tinyHeapMb, 1)
        .putNumber("watchRss50kMb", large.rss().p50(), 1)
        .putNumber("idleCpuPercent", idleCpu, 2)
        .putNumber("idleCpuSeconds", cpuSeconds, 2)
        .putNumber("idleSeconds", idleWall, 1)
        .putNumber("idleApiRequests", idleRequests, 0)
        .putNumber("idleExecs", idleExecs, 0)
        .putNumber("watchTreeFiles", files, 0)
        .putNumber("watchTreeDirectories", TOP_DIRS + TOP_DIRS * SUB_DIRS, 0)
        .putMillis("watchTreeGenerateMs", generated)
        .goal("watchStart50kMs", "<= 2000")
        .goal("idleCpuPercent", "about 0")
        .describe("watchStart50kMs", "p50 over bench.watchStarts starts of mvn liveupdate:dev "
            + "-Dliveupdate.onStart=none on bench-tree plus a generated tree of " + files
            + " files of about 40 bytes in " + (TOP_DIRS + TOP_DIRS * SUB_DIRS) + " directories "
            + "under its synced src (freshly written: in the page cache), read from the plugin's "
            + "line 'Watching N path(s) for ... (… files watched in M ms)'; watchStart50kWallMs = from "
            + "starting mvn to that line (JVM and Maven start included)")
        .describe("watchHeapMb", "TOTAL heap used by the mvn JVM on the 50k tree after start, "
            + "after a full GC (jcmd <pid> GC.run, then the 'used' of GC.heap_info), p50 over the "
            + "starts; it includes Maven's own heap. watchHeapOverTinyMb = watchHeapMb - "
            + "watchHeapTinyMb, the DELTA the 50k tree costs over the tiny project")
        .describe("idleCpuPercent", "CPU time (utime + stime of /proc/<pid>/stat, all threads) "
            + "of the mvn JVM watching the 50k tree over idleSeconds with no change, / "
            + "idleSeconds * 100 (100 = one core busy); the window starts right after the heap "
            + "measurement of the last start; idleApiRequests / idleExecs = what the double "
            + "received meanwhile; idleCpuSecondsByThread = the busiest threads over the window "
            + "(cpu= of two jcmd Thread.print); idleCpuPercentSeries = the same percentage for "
            + "each sixth of the window, idleCpuLastHalfPercent = for its second half (warm-up "
            + "such as JIT compilation mostly gone)")
        .run("WatchStartBench.largeTree", date, load, seconds(began)).write();
    System.out.println(new Report("watch start-up, " + files + " files").samples(large.ready())
        .samples(large.wall()).samples(large.heap()).samples(large.rss())
        .figure("watchStart50kMs", large.ready().p50(), "ms", "<= 2000")
        .figure("watchHeapMb (total)", heap, "MiB", null)
        .figure("watchHeapOverTinyMb", heap - tinyHeapMb, "MiB", null)
        .figure("idleCpuPercent", idleCpu, "%", "about 0")
        .line(String.format(Locale.ROOT, "idle: %.2f CPU s in %.1f s; %d API requests, %d execs",
            cpuSeconds, idleWall, idleRequests, idleExecs))
        .line("idle API requests: " + idleRequestsByPath)
        .line("idle CPU seconds of the busiest threads: " + idleThreads)
        .line("idle CPU % per sixth of the window: " + idleSeries.stream()
            .map(p -> String.format(Locale.ROOT, "%.1f", p)).toList()
            + String.format(Locale.ROOT, "; second half %.2f %%", lastHalf))
        .line(String.format(Locale.ROOT, "tree generated in %.0f ms", generated)));
  }

  /** A running dev on one project, with the mvn JVM found for jcmd and /proc. */
  private record Session(MavenProcess mvn, JvmProbe jvm, double wallMillis) implements
      AutoCloseable {

    static Session start(Path project, String id) throws Exception {
      String marker = "-Dbench.session=" + id;
      long start = System.nanoTime();
      MavenProcess mvn = MavenProcess.startDev(project, cluster.kubeconfig(),
          "deployment/" + DEPLOYMENT, "-Dliveupdate.onStart=none", marker);
      double wall = (System.nanoTime() - start) / 1e6;
      // bin/mvn ends with exec java: the child this JVM started is the Maven JVM itself
      long pid = ProcessHandle.current().children()
          .filter(p -> p.info().commandLine().orElse("").contains(marker))
          .findFirst().orElseThrow(() -> new AssertionError("no child JVM with " + marker))
          .pid();
      return new Session(mvn, new JvmProbe(pid), wall);
    }

    Start measure() throws Exception {
      String line = mvn.lines().stream().filter(l -> READY_IN.matcher(l).find()).findFirst()
          .orElseThrow(() -> new AssertionError("no 'watched in' line:\n" + mvn.tail(20)));
      Matcher ready = READY_IN.matcher(line);
      ready.find();
      return new Start(Double.parseDouble(ready.group(1)), wallMillis, jvm.heapAfterFullGc(),
          jvm.rssMb());
    }

    @Override
    public void close() throws InterruptedException {
      mvn.close();
    }
  }

  /** The {@code n} threads that used the most CPU between two readings, busiest first. */
  private static Map<String, Double> busiest(Map<String, Double> before, Map<String, Double> after,
      int n) {
    Map<String, Double> busiest = new LinkedHashMap<>();
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
        .forEach(e -> busiest.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
    return busiest;
  }

  /**
   * {@value #TOP_DIRS} folders of {@value #SUB_DIRS} folders each (5,000 directories), every one
   * holding {@value #FILES_PER_DIR} small files (50,000 files).
   */
  private static int generateTree(Path tree) throws Exception {
    int files = 0;
    for (int top = 0; top < TOP_DIRS; top++) {
      Path topDir = tree.resolve(String.format(Locale.ROOT, "d%03d", top));
      files += fill(Files.createDirectories(topDir), top, -1);
      for (int sub = 0; sub < SUB_DIRS; sub++) {
        files += fill(Files.createDirectory(
            topDir.resolve(String.format(Locale.ROOT, "s%02d", sub))), top, sub);
      }
    }
    return files;
  }

  private static int fill(Path dir, int top, int sub) throws Exception {
    for (int i = 0; i < FILES_PER_DIR; i++) {
      Files.writeString(dir.resolve("f" + i + ".txt"),
          "generated file " + top + "/" + sub + "/" + i + "\n", StandardCharsets.UTF_8);
    }
    return FILES_PER_DIR;
  }

  private static int starts() {
    return Integer.getInteger("bench.watchStarts", 3);
  }

  private static String now() {
    return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static long seconds(long since) {
    return Math.round((System.nanoTime() - since) / 1e9);
  }
}
