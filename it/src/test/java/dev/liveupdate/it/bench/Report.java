package dev.liveupdate.it.bench;

import java.util.Locale;

/** The table a benchmark prints at its end: sampled figures, then single figures with goals. */
final class Report {

  private final StringBuilder out = new StringBuilder();
  private boolean samplesHeader;

  Report(String title) {
    out.append("\n== liveupdate benchmark: ").append(title).append(" (")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, load ")
        .append(Machine.loadAverage()).append(") ==\n");
  }

  Report samples(Samples s) {
    if (!samplesHeader) {
      out.append(String.format(Locale.ROOT, "%-58s %4s %9s %9s %9s %9s%n", "", "n", "p50 ms",
          "p95 ms", "min ms", "max ms"));
      samplesHeader = true;
    }
    out.append(String.format(Locale.ROOT, "%-58s %4d %9.1f %9.1f %9.1f %9.1f%n", s.name(),
        s.size(), s.p50(), s.p95(), s.min(), s.max()));
    return this;
  }

  /** A single figure; {@code goal} is shown beside it when not null. */
  Report figure(String key, double value, String unit, String goal) {
    out.append(String.format(Locale.ROOT, "%-28s = %10.1f %-3s", key, value, unit));
    if (goal != null) {
      out.append("  (goal ").append(goal).append(')');
    }
    out.append('\n');
    return this;
  }

  Report line(String text) {
    out.append(text).append('\n');
    return this;
  }

  @Override
  public String toString() {
    return out.append("written to ").append(BenchResults.FILE.toAbsolutePath()).append('\n')
        .toString();
  }
}
