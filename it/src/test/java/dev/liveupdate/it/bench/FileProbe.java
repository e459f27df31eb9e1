package dev.liveupdate.it.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Watches the first line of one file from inside a running container and reports each new value
 * with the host's {@link System#nanoTime()} at which it arrived.
 *
 * <p>One long-running {@code podman exec} runs a busybox {@code sh} loop made of shell builtins
 * only (no fork per check): read the file's first line, print it when it differs from the last one,
 * then sleep {@value #POLL_MS} ms with {@code read -t} on a private FIFO (busybox has no
 * {@code inotifyd} in Debian's build and its {@code date} has no nanoseconds). Its resolution is
 * therefore the poll period plus the time a line takes through conmon and podman to this JVM;
 * {@link LiveVsRebuildBench} measures that sum (the probe delay) in the same run by writing
 * straight into the container's overlay root from the host.
 */
final class FileProbe implements AutoCloseable {

  static final int POLL_MS = 2;

  /** Stated in results.json so a reader knows what was measured. */
  static final String DESCRIPTION = "in-container busybox sh loop (builtins only, no fork per "
      + "check) reads the file's first line every " + POLL_MS + " ms and prints changes through "
      + "one long-running podman exec; timed on the host when the line arrives";

  private static final String SCRIPT = String.join("\n",
      "f=$1; p=/tmp/.liveupdate-bench-probe-$$",
      "mkfifo \"$p\" && exec 3<>\"$p\" && rm -f \"$p\" || exit 2",
      "echo \"probe-pid $$\"",
      "last='<no value yet>'",
      "while :; do",
      "  c=",
      "  [ -r \"$f\" ] && IFS= read -r c < \"$f\"",
      "  if [ \"$c\" != \"$last\" ]; then echo \"=$c\"; last=$c; fi",
      "  read -t 0." + String.format("%03d", POLL_MS) + " -u 3 _",
      "done");

  /** A line the probe printed and when it arrived. */
  record Seen(String value, long nanos) {}

  private final String containerId;
  private final Process process;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile String probePid;

  private FileProbe(String containerId, Process process) {
    this.containerId = containerId;
    this.process = process;
    this.reader = new Thread(this::read, "file-probe-" + containerId.substring(0, 12));
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts probing {@code path} in the container; returns once the probe reports its first value. */
  static FileProbe start(String containerId, String path) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(List.of("podman", "exec", containerId, "sh", "-c", SCRIPT,
        "sh", path)).redirectErrorStream(true).start();
    FileProbe probe = new FileProbe(containerId, process);
    probe.next(Duration.ofSeconds(20)); // the current value: the probe is running
    return probe;
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        if (line.startsWith("=")) {
          seen.add(new Seen(line.substring(1), now));
        } else if (line.startsWith("probe-pid ")) {
          probePid = line.substring("probe-pid ".length()).trim();
        } else {
          seen.add(new Seen("[probe says] " + line, now));
        }
      }
    } catch (IOException e) {
      seen.add(new Seen("[probe output lost: " + e + "]", System.nanoTime()));
    }
  }

  private Seen next(Duration timeout) throws InterruptedException {
    Seen next = seen.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    if (next == null) {
      throw new AssertionError("the probe in " + containerId + " reported nothing within "
          + timeout.toSeconds() + " s (alive: " + process.isAlive() + ")");
    }
    return next;
  }

  /**
   * Waits until the file's first line equals {@code firstLine}; returns the {@code nanoTime} at
   * which that value arrived. Values seen before (partial writes, older content) are skipped.
   */
  long awaitFirstLine(String firstLine, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    StringBuilder skipped = new StringBuilder();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("'" + firstLine + "' not seen in " + containerId + " within "
            + timeout.toSeconds() + " s; seen meanwhile: " + skipped);
      }
      Seen next = seen.poll(left, TimeUnit.NANOSECONDS);
      if (next == null) {
        continue;
      }
      if (next.value().equals(firstLine)) {
        return next.nanos();
      }
      skipped.append('\n').append(next.value());
    }
  }

  /**
   * Stops the loop inside the container (ending the podman client alone would leave it running),
   * then the client. A container already gone is fine.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (probePid != null) {
      Process kill = new ProcessBuilder("podman", "exec", containerId, "kill", probePid)
          .redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(10, TimeUnit.SECONDS);
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    reader.join(2_000);
  }
}
