package dev.liveupdate.it.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory and CPU of another JVM on this machine (the {@code mvn liveupdate:dev} under measurement),
 * from the JDK's {@code jcmd} and from {@code /proc/<pid>}.
 */
final class JvmProbe {

  /** A generation line of {@code GC.heap_info}: G1 has one, the serial and parallel GCs two. */
  private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
  /** The head line of one thread in a thread dump: its name and CPU time so far. */
  private static final Pattern THREAD_CPU =
      Pattern.compile("(?m)^\"([^\"]*)\".*? cpu=([0-9.]+)ms");
  private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

  /** Heap after a full GC, in MiB. */
  record Heap(double usedMb, double committedMb, double metaspaceMb) {}

  private final long pid;

  JvmProbe(long pid) {
    this.pid = pid;
  }

  long pid() {
    return pid;
  }

  /**
   * {@code jcmd <pid> GC.run} (a full collection, so what is left is what the process holds on
   * to), then {@code jcmd <pid> GC.heap_info}.
   */
  Heap heapAfterFullGc() throws IOException, InterruptedException {
    jcmd("GC.run");
    String info = jcmd("GC.heap_info");
    long used = 0;
    long committed = 0;
    Matcher heap = HEAP.matcher(info);
    while (heap.find()) {
      committed += Long.parseLong(heap.group(1));
      used += Long.parseLong(heap.group(2));
    }
    Matcher meta = METASPACE.matcher(info);
    if (used == 0 || !meta.find()) {
      throw new AssertionError("unexpected jcmd " + pid + " GC.heap_info output:\n" + info);
    }
    return new Heap(used / 1024.0, committed / 1024.0, Long.parseLong(meta.group(1)) / 1024.0);
  }

  /** Resident set size from {@code /proc/<pid>/status}, in MiB. */
  double rssMb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    throw new AssertionError("no VmRSS in /proc/" + pid + "/status");
  }

  /**
   * CPU time used so far by all threads of the process, user + system, in seconds: fields
   * {@code utime} and {@code stime} of {@code /proc/<pid>/stat}, in clock ticks.
   */
  double cpuSeconds() throws IOException, InterruptedException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) is in parentheses and may hold spaces: count fields after it
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // fields 14 and 15
    return ticks / (double) clockTicksPerSecond();
  }

  /**
   * CPU seconds used so far per thread, by the names Java gave them, from the {@code cpu=} of each
   * thread in {@code jcmd <pid> Thread.print} (JDK 11 and later). Threads of one name are added
   * up; threads that ended are not counted, so this explains {@link #cpuSeconds()} rather than
   * adding up to it.
   */
  Map<String, Double> cpuSecondsByThread() throws IOException, InterruptedException {
    Map<String, Double> byName = new TreeMap<>();
    Matcher thread = THREAD_CPU.matcher(jcmd("Thread.print"));
    while (thread.find()) {
      byName.merge(thread.group(1), Double.parseDouble(thread.group(2)) / 1000, Double::sum);
    }
    return byName;
  }

  private static long clockTicks;

  private static synchronized long clockTicksPerSecond() throws IOException, InterruptedException {
    if (clockTicks == 0) {
      clockTicks = Long.parseLong(run(List.of("getconf", "CLK_TCK")).strip());
    }
    return clockTicks;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    return run(List.of("jcmd", Long.toString(pid), command));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }
}
