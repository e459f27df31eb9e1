package dev.liveupdate.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Durations in milliseconds measured for one figure, with nearest-rank percentiles. */
final class Samples {

  private final String name;
  private final List<Double> millis = new ArrayList<>();

  Samples(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  void addNanos(long nanos) {
    millis.add(nanos / 1_000_000.0);
  }

  void addMillis(double ms) {
    millis.add(ms);
  }

  int size() {
    return millis.size();
  }

  List<Double> values() {
    return List.copyOf(millis);
  }

  /** Nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below it. */
  double percentile(double p) {
    if (millis.isEmpty()) {
      throw new IllegalStateException("no samples for " + name);
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  double p50() {
    return percentile(50);
  }

  double p95() {
    return percentile(95);
  }

  double min() {
    return Collections.min(millis);
  }

  double max() {
    return Collections.max(millis);
  }
}
