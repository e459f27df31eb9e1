package dev.liveupdate.it.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code it/target/bench/results.json}: one flat JSON object of figures. Each benchmark puts its
 * own keys and leaves the others' keys alone, so several benchmarks of one run (or of one
 * {@code -Pbench} run that selects a few) end up in one file. Written after every benchmark.
 */
final class BenchResults {

  static final Path FILE = Path.of("target", "bench", "results.json");

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  private final ObjectNode root;

  private BenchResults(ObjectNode root) {
    this.root = root;
  }

  /** The file's figures so far, or none. */
  static BenchResults load() throws IOException {
    if (Files.isRegularFile(FILE)) {
      return new BenchResults((ObjectNode) JSON.readTree(FILE.toFile()));
    }
    return new BenchResults(JSON.createObjectNode());
  }

  ObjectNode root() {
    return root;
  }

  /** Milliseconds with one decimal, enough for figures whose noise is larger. */
  BenchResults putMillis(String key, double ms) {
    return putNumber(key, ms, 1);
  }

  /** Puts {@code <prefix>P50Ms}, {@code <prefix>P95Ms} and the raw samples under {@code samples}. */
  BenchResults putSamples(String prefix, Samples samples) {
    putMillis(prefix + "P50Ms", samples.p50());
    putMillis(prefix + "P95Ms", samples.p95());
    var raw = object("samples").putArray(prefix + "Ms");
    samples.values().forEach(v -> raw.add(round(v, 1)));
    return this;
  }

  /** A figure that is not a duration, e.g. a ratio or a count, with {@code decimals} decimals. */
  BenchResults putNumber(String key, double value, int decimals) {
    if (Double.isFinite(value)) {
      root.put(key, round(value, decimals));
    } else {
      root.putNull(key); // derived from a figure this run did not produce
    }
    return this;
  }

  /** How {@code key} was measured, under {@code descriptions}: a figure means little without it. */
  BenchResults describe(String key, String howMeasured) {
    object("descriptions").put(key, howMeasured);
    return this;
  }

  /** The goal of issue 4 for {@code key}, under {@code goals}, e.g. {@code "<= 80"}. */
  BenchResults goal(String key, String goal) {
    object("goals").put(key, goal);
    return this;
  }

  /**
   * Under {@code runs.<bench>}: when the benchmark ran, how long it took and the load averages at
   * its start and end, so figures of benchmarks run at different times (or merged from an older
   * run) can be told apart.
   */
  BenchResults run(String bench, String date, String loadAtStart, long seconds) {
    object("runs").putObject(bench).put("date", date).put("seconds", seconds)
        .put("loadAverageAtStart", loadAtStart).put("loadAverageAtEnd", Machine.loadAverage());
    Machine.describe(root);
    return this;
  }

  /** The object under {@code key}, created if absent. */
  ObjectNode object(String key) {
    return root.get(key) instanceof ObjectNode existing ? existing : root.putObject(key);
  }

  static BigDecimal round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
  }

  void write() throws IOException {
    Files.createDirectories(FILE.getParent());
    JSON.writeValue(FILE.toFile(), root);
  }
}
