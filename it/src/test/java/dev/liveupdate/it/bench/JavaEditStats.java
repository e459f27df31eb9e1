package dev.liveupdate.it.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one kind of edit of one sample ({@code methodBody}, {@code fieldAdded},
 * {@code pomDependency}): save → served by every replica, and its stages, each from the plugin's
 * output lines (when they arrived) and the {@link ReplicaProbe}; and which
 * {@link ReloadLevel level} each save took, as the plugin printed it.
 */
final class JavaEditStats {

  final String kind;
  /** Whether saves of this kind compile (a pom change does not: no compile stage). */
  final boolean compiles;
  final Samples total;
  final Samples detect;
  final Samples compile;
  final Samples transferRestart;
  final Samples serve;
  final Samples reported;
  final Map<ReloadLevel, Integer> levels = new EnumMap<>(ReloadLevel.class);
  /** Container updates whose app was not ready within the supervisor's {@code --ready-timeout}. */
  int notReady;

  JavaEditStats(String kind, boolean compiles) {
    this.kind = kind;
    this.compiles = compiles;
    total = new Samples(kind + ": save → every replica serves it");
    detect = new Samples(kind + ":   detect");
    compile = new Samples(kind + ":   compile");
    transferRestart = new Samples(kind + ":   transfer + reload");
    serve = new Samples(kind + ":   serve");
    reported = new Samples(kind + ":   reload as printed (slowest container)");
  }

  /**
   * One timed save, every time in {@link System#nanoTime()}'s nanoseconds.
   *
   * @param saved just before the file was written
   * @param compileStart when the compilation began: the arrival of the plugin's {@code Compiled …}
   *     line less the compile time it reports; for a pom change, the arrival of
   *     {@code Rebuilding the image: …}
   * @param compiled when that line arrived
   * @param reloaded when the last container's level line arrived
   * @param served when the last replica first served the new text
   * @param reportedMs the slowest container's own time for its reload, as the line says
   */
  void add(ReloadLevel level, long saved, long compileStart, long compiled, long reloaded,
      long served, double reportedMs) {
    levels.merge(level, 1, Integer::sum);
    total.addNanos(served - saved);
    detect.addNanos(compileStart - saved);
    if (compiles) {
      compile.addNanos(compiled - compileStart);
    }
    transferRestart.addNanos(reloaded - compiled);
    serve.addNanos(served - reloaded);
    reported.addMillis(reportedMs);
  }

  boolean isEmpty() {
    return total.size() == 0;
  }

  List<Samples> all() {
    return compiles ? List.of(total, detect, compile, transferRestart, serve, reported)
        : List.of(total, detect, transferRestart, serve, reported);
  }

  /** {@code L2×5}, or {@code L0×3 L2×1} when saves of one kind took different levels. */
  String levelCounts() {
    return levels.entrySet().stream().map(e -> e.getKey() + "×" + e.getValue())
        .collect(Collectors.joining(" ")) + (notReady == 0 ? ""
        : " (" + notReady + " container update(s) not ready within the supervisor's --ready-timeout)");
  }

  /** Writes {@code <prefix>.<kind>.saveToServe…} and each stage's figures, and the levels. */
  void write(BenchResults results, String prefix) {
    if (isEmpty()) {
      return;
    }
    String at = prefix + "." + kind + ".";
    results.putSamples(at + "saveToServe", total).putSamples(at + "detect", detect);
    if (compiles) {
      results.putSamples(at + "compile", compile);
    }
    results.putSamples(at + "transferReload", transferRestart)
        .putSamples(at + "serve", serve).putSamples(at + "reloadReported", reported);
    results.root().put(at + "levels", levelCounts());
    results.root().put(at + "notReadyInTime", notReady);
  }
}
