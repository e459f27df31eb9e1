package dev.liveupdate.it.bench;

import dev.liveupdate.it.MavenProcess;
import dev.liveupdate.it.SampleProject;
import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live update against full rebuild + rollout, for the same one-file change to the same sample app
 * ({@code src/it/projects/bench-app}), under one real {@code mvn liveupdate:dev} against the test
 * cluster (the Kubernetes API double, real podman containers, a real registry). A benchmark, not a
 * test: it prints figures and writes them to {@code target/bench/results.json}; it asserts only
 * that each change really arrived. Runs only with {@code -Pbench}.
 *
 * <ul>
 *   <li><b>live update</b>: new unique content written to {@code api/app.py}; timed from just
 *       before the write until a {@link FileProbe} inside the container sees it.
 *   <li><b>rebuild</b>: the same kind of write to {@code api/app.py} plus a comment appended to
 *       {@code pom.xml} (a {@code <fallBackOn>}), so the change set needs a jib build, a push and a
 *       rollout; timed from just before the writes until mvn printed {@code → rolled out} and the
 *       new pod holds the new content.
 * </ul>
 *
 * <p>Properties: {@code bench.iterations} (live updates, default 15), {@code bench.rebuilds}
 * (default 7), {@code bench.warmup} (untimed rounds of each before measuring, default 1).
 */
class LiveVsRebuildBench {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forBenchmark("live-vs-rebuild");


  private static final String DEPLOYMENT = "bench";
  private static final int REPLICAS = 1;
  private static final String APP = "api/app.py";
  private static final String APP_IN_CONTAINER = "/app/api/app.py";
  private static final String PROBE_CALIBRATION = "/tmp/liveupdate-bench-calibration";
  private static final double GOAL = 20.0;
  private static final Pattern UPDATED_IN = Pattern.compile("→ container .* updated in (\\d+) ms");
  private static final Pattern ROLLED_OUT =
      Pattern.compile("→ rolled out \\S+ \\(image (\\d+) ms, total (\\d+) ms\\)");

  private static TestCluster cluster;
  private static Path project;
  private static MavenProcess mvn;

  @BeforeAll
  static void startDevSession() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("bench-app", work,
        Map.of("base.image", cluster.baseImage(), "registry", cluster.registry()));
    String image = cluster.buildImage("bench-app", "1", Map.of(project.resolve("api"), "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", DEPLOYMENT, REPLICAS, Map.of("app", DEPLOYMENT), "main",
        image, List.of());
    cluster.waitForRunningPods("default", DEPLOYMENT, REPLICAS, Duration.ofSeconds(60));
    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  void liveUpdateVersusRebuild() throws Exception {
    int iterations = Integer.getInteger("bench.iterations", 15);
    int rebuilds = Integer.getInteger("bench.rebuilds", 7);
    int warmup = Integer.getInteger("bench.warmup", 1);
    String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String loadBefore = Machine.loadAverage();

    PodInfo pod = cluster.waitForRunningPods("default", DEPLOYMENT, REPLICAS,
        Duration.ofSeconds(30)).get(0);
    Samples execFloor = podmanExecFloor(pod, 7);
    Samples probeDelay = probeDelay(pod, 10);

    Samples live = new Samples("live update");
    Samples liveReported = new Samples("live update, as mvn reports it");
    try (FileProbe probe = FileProbe.start(pod.containerId(), APP_IN_CONTAINER)) {
      for (int i = -warmup; i < iterations; i++) {
        String line = "print('bench live " + i + " " + System.nanoTime() + "')";
        int from = mvn.lineCount();
        long start = System.nanoTime();
        Files.writeString(project.resolve(APP), line + "\n", StandardCharsets.UTF_8);
        long seen = probe.awaitFirstLine(line, Duration.ofSeconds(30));
        int updated = mvn.awaitLine(UPDATED_IN.pattern(), from, Duration.ofSeconds(30));
        if (i >= 0) {
          live.addNanos(seen - start);
          liveReported.addMillis(firstNumber(UPDATED_IN, mvn.lines().get(updated)));
        }
      }
    }

    Samples rebuild = new Samples("rebuild + rollout");
    Samples rebuildImage = new Samples("of which image build + push, as mvn reports it");
    Samples rebuildReported = new Samples("rebuild + rollout, as mvn reports it");
    for (int i = -warmup; i < rebuilds; i++) {
      String line = "print('bench rebuild " + i + " " + System.nanoTime() + "')";
      int from = mvn.lineCount();
      long start = System.nanoTime();
      Files.writeString(project.resolve(APP), line + "\n", StandardCharsets.UTF_8);
      Files.writeString(project.resolve("pom.xml"), "<!-- bench rebuild " + i + " -->\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      int rolled = mvn.awaitLine(ROLLED_OUT.pattern(), from, Duration.ofSeconds(120));
      long end = System.nanoTime();
      // Usually the first check passes: the new pod started from the new image before the rollout
      // counted as done. If it does not, the change is not there yet and the later time counts.
      end = Math.max(end, awaitInNewPod(line, end));
      if (i >= 0) {
        rebuild.addNanos(end - start);
        Matcher m = ROLLED_OUT.matcher(mvn.lines().get(rolled));
        if (m.find()) {
          rebuildImage.addMillis(Double.parseDouble(m.group(1)));
          rebuildReported.addMillis(Double.parseDouble(m.group(2)));
        }
      }
    }

    double ratio = rebuild.p50() / live.p50();
    BenchResults results = BenchResults.load();
    results.putSamples("liveUpdate", live)
        .putSamples("rebuild", rebuild)
        .putSamples("liveUpdateReported", liveReported)
        .putSamples("rebuildReported", rebuildReported)
        .putSamples("rebuildImageReported", rebuildImage)
        .putSamples("probeDelay", probeDelay)
        .putSamples("podmanExec", execFloor);
    var root = results.root();
    root.put("liveVsRebuildRatio", BenchResults.round(ratio, 1));
    root.put("liveVsRebuildGoal", GOAL);
    root.put("liveUpdateIterations", iterations);
    root.put("rebuildIterations", rebuilds);
    root.put("warmupIterations", warmup);
    root.put("replicas", REPLICAS);
    root.put("probe", FileProbe.DESCRIPTION);
    root.put("date", date);
    Machine.describe(root);
    results.object("machine").put("loadAverageAtStart", loadBefore)
        .put("loadAverageAtEnd", Machine.loadAverage());
    results.write();

    System.out.println(report(live, liveReported, rebuild, rebuildReported, rebuildImage,
        probeDelay, execFloor, ratio, loadBefore));
  }

  /** One {@code podman exec true}: the floor of any exec through the double, which forks one. */
  private static Samples podmanExecFloor(PodInfo pod, int n) {
    Samples samples = new Samples("podman exec true (the double's exec floor)");
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      cluster.podmanExec(pod.containerId(), "true");
      samples.addNanos(System.nanoTime() - start);
    }
    return samples;
  }

  /**
   * How late the probe reports: a value written straight into the container's overlay root from
   * the host (no exec, no plugin) timed until the probe prints it. This delay is included in every
   * live-update figure.
   */
  private static Samples probeDelay(PodInfo pod, int n) throws Exception {
    Samples samples = new Samples("probe delay");
    Path merged = Path.of(podmanInspectMergedDir(pod.containerId()));
    Path file = merged.resolve(PROBE_CALIBRATION.substring(1));
    Files.writeString(file, "start\n", StandardCharsets.UTF_8);
    try (FileProbe probe = FileProbe.start(pod.containerId(), PROBE_CALIBRATION)) {
      for (int i = 0; i < n; i++) {
        String line = "calibration " + i + " " + System.nanoTime();
        long start = System.nanoTime();
        Files.writeString(file, line + "\n", StandardCharsets.UTF_8);
        samples.addNanos(probe.awaitFirstLine(line, Duration.ofSeconds(10)) - start);
      }
    }
    return samples;
  }

  private static String podmanInspectMergedDir(String containerId) throws Exception {
    Process inspect = new ProcessBuilder("podman", "inspect", "--format",
        "{{.GraphDriver.Data.MergedDir}}", containerId).redirectErrorStream(true).start();
    String out = new String(inspect.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (inspect.waitFor() != 0 || out.isEmpty() || !Files.isDirectory(Path.of(out))) {
      throw new AssertionError("cannot find the overlay root of " + containerId
          + " to calibrate the probe (podman's storage driver must be overlay): " + out);
    }
    return out;
  }

  /**
   * {@code rolledOut} if the first look into the new pod of the finished rollout finds
   * {@code line}, otherwise the time a later look finds it.
   */
  private static long awaitInNewPod(String line, long rolledOut) throws InterruptedException {
    PodInfo pod = cluster.waitForRunningPods("default", DEPLOYMENT, REPLICAS,
        Duration.ofSeconds(60)).get(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String now = cluster.podmanExec(pod.containerId(), "cat", APP_IN_CONTAINER);
    if (now.equals(line + "\n")) {
      return rolledOut;
    }
    while (System.nanoTime() < deadline) {
      Thread.sleep(50); // polling interval of the condition
      now = cluster.podmanExec(pod.containerId(), "cat", APP_IN_CONTAINER);
      if (now.equals(line + "\n")) {
        return System.nanoTime();
      }
    }
    throw new AssertionError(pod.name() + " holds " + now + " instead of " + line + "\n"
        + mvn.tail(30));
  }

  private static double firstNumber(Pattern pattern, String line) {
    Matcher m = pattern.matcher(line);
    if (!m.find()) {
      throw new AssertionError("not a '" + pattern + "' line: " + line);
    }
    return Double.parseDouble(m.group(1));
  }

  private static String report(Samples live, Samples liveReported, Samples rebuild,
      Samples rebuildReported, Samples rebuildImage, Samples probeDelay, Samples execFloor,
      double ratio, String loadBefore) {
    StringBuilder out = new StringBuilder("\n== liveupdate benchmark: live update vs rebuild + "
        + "rollout (" + REPLICAS + " replica, " + Runtime.getRuntime().availableProcessors()
        + " cores, load " + loadBefore + " -> " + Machine.loadAverage() + ") ==\n");
    out.append(String.format(Locale.ROOT, "%-52s %4s %9s %9s %9s %9s%n", "", "n", "p50 ms",
        "p95 ms", "min ms", "max ms"));
    for (Samples s : List.of(live, liveReported, probeDelay, execFloor, rebuild, rebuildReported,
        rebuildImage)) {
      out.append(String.format(Locale.ROOT, "%-52s %4d %9.1f %9.1f %9.1f %9.1f%n", s.name(),
          s.size(), s.p50(), s.p95(), s.min(), s.max()));
    }
    out.append(String.format(Locale.ROOT, "rebuild p50 / live update p50 = %.1fx (goal >= %.0fx: %s)%n",
        ratio, GOAL, ratio >= GOAL ? "met" : String.format(Locale.ROOT, "missed by a factor of %.1f",
            GOAL / ratio)));
    out.append("written to ").append(BenchResults.FILE.toAbsolutePath()).append('\n');
    return out.toString();
  }
}
