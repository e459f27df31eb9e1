package dev.liveupdate.it.bench;

import dev.liveupdate.it.JavaSample;
import dev.liveupdate.it.MavenProcess;
import dev.liveupdate.it.SampleProject;
import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java loop, save → new response served by every replica, against the same app's own
 * {@code mvn compile jib:build} + rollout, measured in the same run. Per sample
 * ({@code java-plain}, {@code java-spring}; 2 replicas each, built with {@code jib:build} to the
 * test cluster's registry, one after the other on one cluster):
 *
 * <ol>
 *   <li><b>rebuild + rollout</b> (the baseline, before {@code dev} starts): the greeting edited,
 *       {@code mvn compile jib:build}, the Deployment applied with the pushed digest; timed until
 *       both new pods are Ready and serve the new text;
 *   <li>{@code mvn liveupdate:dev} started (it rolls the dev image out once), one untimed warm-up
 *       save, then timed saves of each kind: <b>method body</b> edit, <b>field added</b> (and the
 *       text changed in the same save), <b>pom dependency</b> added or removed (a rebuild).
 * </ol>
 *
 * <p>Stages come from the arrival times of the plugin's lines ({@link MavenProcess#arrivalNanos})
 * and from polling the app ({@link ReplicaProbe}); the {@link ReloadLevel level} of each save is
 * read from the plugin's output, never assumed. A benchmark, not a test: it asserts only that each
 * change arrived. Properties: {@code bench.javaSamples} ({@code java-plain,java-spring};
 * {@code java-spring-devtools} adds the Spring sample with DevTools), {@code bench.javaEdits} (5),
 * {@code bench.javaFieldEdits} (3), {@code bench.javaPomEdits} (1), {@code bench.javaRebuilds}
 * (2), {@code bench.warmup} (1).
 */
class JavaLoopBench {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forBenchmark("java-loop");

  private static final int REPLICAS = 2;
  private static final Duration UPDATE = Duration.ofMinutes(3);
  private static final Duration ROLLOUT = Duration.ofMinutes(6);
  private static final Pattern COMPILED =
      Pattern.compile("Compiled \\d+ source files? in (\\d+) ms");

  private TestCluster cluster;
  private MavenProcess dev;
  private int word;

  @Test
  void saveToServe() throws Exception {
    cluster = CLUSTER.cluster();
    String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String load = Machine.loadAverage();
    long began = System.nanoTime();
    BenchResults results = BenchResults.load();
    JavaBenchReport report = new JavaBenchReport();
    try {
      for (String name : System.getProperty("bench.javaSamples", "java-plain,java-spring")
          .split(",")) {
        JavaBenchReport.Figures figures = new JavaBenchReport.Figures(
            JavaBenchSample.named(name.trim()));
        report.add(figures);
        try {
          run(figures);
        } finally {
          if (dev != null) {
            dev.close();
            dev = null;
          }
          // what was measured, also when a later save of the sample failed
          report.write(results);
          results.run("JavaLoopBench", date, load, (System.nanoTime() - began) / 1_000_000_000L);
          results.write();
        }
      }
    } finally {
      System.out.println(report); // the samples measured so far, also when a later one failed
    }
  }

  /** The whole run of one sample; its Deployment is deleted at the end. */
  private void run(JavaBenchReport.Figures figures) throws Exception {
    JavaBenchSample s = figures.sample;
    Path project = SampleProject.copy(s.scenario(), CLUSTER.work().resolve(s.key()), Map.of());
    s.prepare(project);
    JavaSample sample = JavaSample.build(project, cluster);
    sample.deploy(cluster);
    List<PodInfo> pods = cluster.waitForRunningPods("default", s.scenario(), REPLICAS, ROLLOUT);
    try {
      String current = "v0";
      for (int i = 0; i < Integer.getInteger("bench.javaRebuilds", 2); i++) {
        String next = nextWord();
        s.editBody(project, current, next);
        current = next;
        pods = rebuildAndRollOut(s, sample, pods, next, figures);
      }

      Set<String> before = names(pods);
      // online: the dev image is pushed, and Jib refuses to push in offline mode
      dev = MavenProcess.start(project, false, "-ntp", "liveupdate:dev",
          "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
          "-Djib.disableUpdateChecks=true");
      dev.awaitLine("Watching .* for deployment/" + s.scenario(), 0, ROLLOUT);
      pods = newReadyPods(s, before);

      for (int i = -Integer.getInteger("bench.warmup", 1);
          i < Integer.getInteger("bench.javaEdits", 5); i++) {
        String from = current;
        String to = current = nextWord();
        live(s, pods, to, () -> s.editBody(project, from, to), i < 0 ? null : figures.methodBody,
            figures);
      }
      for (int i = 0; i < Integer.getInteger("bench.javaFieldEdits", 3); i++) {
        String from = current;
        String to = current = nextWord();
        int n = i;
        live(s, pods, to, () -> s.addField(project, from, to, n), figures.fieldAdded, figures);
      }
      for (int i = 0; i < Integer.getInteger("bench.javaPomEdits", 1); i++) {
        pods = pomChange(s, project, pods, current, i % 2 == 0, figures);
      }
    } finally {
      cluster.deleteDeployment("default", s.scenario());
    }
  }

  /** The baseline: {@code mvn compile jib:build}, the pushed digest applied, new pods serving. */
  private List<PodInfo> rebuildAndRollOut(JavaBenchSample s, JavaSample sample, List<PodInfo> old,
      String word, JavaBenchReport.Figures figures) throws Exception {
    long saved = System.nanoTime();
    JavaSample built = JavaSample.build(sample.project(), cluster);
    long pushed = System.nanoTime();
    sample.deploy(cluster, sample.image() + "@" + cluster.digestOf(sample.image() + ":latest"));
    List<PodInfo> pods = newReadyPods(s, names(old));
    long ready = System.nanoTime();
    long served = ReplicaProbe.start(pods, pod -> s.answer(word, pod), UPDATE).awaitAll();
    figures.rebuild.addNanos(served - saved);
    figures.rebuildMvn.addNanos(pushed - saved);
    figures.rebuildJib.addMillis(built.jibTime().toMillis());
    figures.rebuildRollout.addNanos(ready - pushed);
    figures.rebuildServe.addNanos(served - ready);
    return pods;
  }

  /**
   * One live save: {@code edit} applied, then the plugin's {@code Compiled} line, each
   * container's level line, and every replica serving {@code word}. Not recorded when
   * {@code stats} is null (a warm-up).
   */
  private void live(JavaBenchSample s, List<PodInfo> pods, String word, Edit edit,
      JavaEditStats stats, JavaBenchReport.Figures figures) throws Exception {
    int from = dev.lineCount();
    long saved = System.nanoTime();
    edit.apply();
    ReplicaProbe probe = ReplicaProbe.start(pods, pod -> s.answer(word, pod), UPDATE);
    int compiledLine = dev.awaitLine(COMPILED.pattern(), from, UPDATE);
    long compiled = dev.arrivalNanos(compiledLine);
    Matcher m = COMPILED.matcher(dev.lines().get(compiledLine));
    long compileNanos = m.find() ? Long.parseLong(m.group(1)) * 1_000_000L : 0;
    long reloaded = 0;
    double reportedMs = 0;
    ReloadLevel level = null;
    for (PodInfo pod : pods) {
      int line = dev.awaitLine(l -> l.contains(pod.name() + "/") && (ReloadLevel.in(l).isPresent()
          || l.startsWith("[ERROR]")), compiledLine, UPDATE, pod.name() + "'s reload line ("
          + levelsHelp() + ")");
      ReloadLevel.Seen seen = ReloadLevel.in(dev.lines().get(line))
          .or(() -> ReloadLevel.notReady(dev.lines().get(line)))
          .orElseThrow(() -> new AssertionError(s.key() + ": the update of " + pod.name()
              + " failed, no figure: " + dev.lines().get(line) + " (load average "
              + Machine.loadAverage() + ")"));
      if (stats != null && ReloadLevel.notReady(dev.lines().get(line)).isPresent()) {
        stats.notReady++;
      }
      level = level == null || seen.level().compareTo(level) > 0 ? seen.level() : level;
      reportedMs = Math.max(reportedMs, seen.reportedMs());
      reloaded = Math.max(reloaded, dev.arrivalNanos(line));
    }
    long served = probe.awaitAll();
    if (stats != null) {
      stats.add(level, saved, compiled - compileNanos, compiled, reloaded, served, reportedMs);
      figures.byLevel(level).addNanos(served - saved);
    }
  }

  /** L3: a dependency added or removed; the plugin rebuilds, rolls out, new pods serve. */
  private List<PodInfo> pomChange(JavaBenchSample s, Path project, List<PodInfo> old, String word,
      boolean add, JavaBenchReport.Figures figures) throws Exception {
    int from = dev.lineCount();
    long saved = System.nanoTime();
    s.changeDependency(project, add);
    int started = dev.awaitLine("Rebuilding the image: ", from, UPDATE);
    int rolled = dev.awaitLine(l -> ReloadLevel.in(l).map(seen -> seen.level() == ReloadLevel.L3)
        .orElse(false), started, ROLLOUT, "→ rolled out … (image … ms, total … ms)");
    List<PodInfo> pods = newReadyPods(s, names(old));
    long served = ReplicaProbe.start(pods, pod -> s.answer(word, pod), UPDATE).awaitAll();
    long detected = dev.arrivalNanos(started);
    long rolledOut = dev.arrivalNanos(rolled);
    figures.pomDependency.add(ReloadLevel.L3, saved, detected, detected, rolledOut, served,
        ReloadLevel.in(dev.lines().get(rolled)).orElseThrow().reportedMs());
    figures.byLevel(ReloadLevel.L3).addNanos(served - saved);
    return pods;
  }

  /** {@value #REPLICAS} Ready pods of the Deployment's current template, none of {@code old}. */
  private List<PodInfo> newReadyPods(JavaBenchSample s, Set<String> old) {
    return cluster.awaitPods("default", s.scenario(), ps -> ps.size() == REPLICAS
        && ps.stream().allMatch(PodInfo::ready) && ps.stream().noneMatch(p -> old.contains(p.name())),
        REPLICAS + " new Ready pods", ROLLOUT);
  }

  private String nextWord() {
    return "v" + (++word);
  }

  private static String levelsHelp() {
    return Arrays.stream(ReloadLevel.values()).map(ReloadLevel::description)
        .collect(Collectors.joining(", "));
  }

  private static Set<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).collect(Collectors.toSet());
  }

  /** A save of the sample's files. */
  @FunctionalInterface
  private interface Edit {
    void apply() throws Exception;
  }
}
