package dev.liveupdate.sync;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.Cluster.OutputLine;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.kube.ExecTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run step in one container, bounded in time and in output, with nothing but {@code sh} and
 * {@code /proc} needed in the image (busybox will do).
 *
 * <p><b>Time.</b> The step runs under {@link #WRAPPER}, which prints its process ID and start time
 * on stdout (taken here, never shown) and then becomes {@code sh -c <command>}. An exec that
 * outlives the run timeout is abandoned, but abandoning it does not end the command: the API
 * server lets it run. So a second exec, {@link #STOP_SCRIPT}, ends it: it checks that the process
 * is still the step's (same start time, so a reused process ID is never hit), stops it and every
 * process below it (by parent, and by process group: an exec'd process leads its own group under
 * runc, so even what the step put in the background is found), then kills them all.
 *
 * <p><b>Output.</b> Lines are passed on as they arrive (each already cut to a bounded length by
 * the exec stream), up to {@value #MAX_OUTPUT_CHARS} characters per step; what comes after is
 * counted, not kept, and one line at the end says how much was not shown.
 */
final class RunStepExec {

  /** How the wrapper's first line starts. */
  static final String MARKER = "@liveupdate-step";

  /**
   * {@code sh -c WRAPPER sh <command>}: prints {@code @liveupdate-step <pid> <start time>}
   * ({@code ?} without {@code /proc}), then replaces itself with {@code sh -c <command>}.
   */
  static final String WRAPPER = "s=$(cat /proc/$$/stat 2>/dev/null); s=${s##*\") \"}; "
      + "set -- \"$1\" $s; echo \"" + MARKER + " $$ ${21:-?}\"; exec sh -c \"$1\"";

  /**
   * {@code sh -c STOP_SCRIPT sh <pid> <start time>}: stops the step's processes, kills them, and
   * prints how many there were (0 when the step had ended, or its ID now names another process).
   */
  static final String STOP_SCRIPT = String.join("\n",
      "p=$1; t=$2; all=' '",
      "if read -r s 2>/dev/null < \"/proc/$p/stat\"; then",
      "  s=${s##*\") \"}; set -- $s",
      "  if [ \"$t\" != '?' ] && [ \"${20}\" != \"$t\" ]; then echo 0; exit 0; fi",
      "  all=\" $p \"",
      "fi",
      "kill -s STOP \"-$p\" 2>/dev/null; kill -s STOP \"$p\" 2>/dev/null",
      "new=\" $p \"",
      "while [ \"$new\" != ' ' ]; do",
      "  next=' '",
      "  for f in /proc/[0-9]*/stat; do",
      "    read -r s 2>/dev/null < \"$f\" || continue",
      "    pid=${s%% *}; s=${s##*\") \"}; set -- $s",
      "    case $all in *\" $pid \"*) continue ;; esac",
      "    [ \"$1\" = Z ] && continue",
      "    case $new in *\" $2 \"*) ;; *) [ \"$3\" = \"$p\" ] || continue ;; esac",
      "    kill -s STOP \"$pid\" 2>/dev/null; next=\"$next$pid \"; all=\"$all$pid \"",
      "  done",
      "  new=$next",
      "done",
      "kill -s KILL \"-$p\" 2>/dev/null",
      "for pid in $all; do kill -s KILL \"$pid\" 2>/dev/null; done",
      "set -- $all; echo $#");

  /** The most output of one step shown, in characters. */
  static final int MAX_OUTPUT_CHARS = 1024 * 1024;
  /** The longest the exec that stops a timed-out step may take. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  /** How a step ended. */
  sealed interface Result {}

  /** It ran to its end with this exit status. */
  record Exited(int exitCode) implements Result {}

  /**
   * It outlived the timeout; {@code stopped} says what became of it (stopped, or why not).
   *
   * @param cause the abandoned exec's timeout, for {@code -X}
   */
  record TimedOut(Duration timeout, String stopped, ExecTimeoutException cause)
      implements Result {}

  private final Cluster cluster;
  private final DevListener listener;
  private final Duration timeout;

  RunStepExec(Cluster cluster, DevListener listener, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the run timeout must be positive, got " + timeout);
    }
    this.cluster = cluster;
    this.listener = listener;
    this.timeout = timeout;
  }

  /**
   * Runs {@code command} with {@code sh -c} in the container.
   *
   * @throws ClusterException if the exec failed otherwise than by the timeout
   */
  Result run(ContainerRef container, String command)
      throws ClusterException, InterruptedException {
    Output output = new Output(line -> listener.on(new DevEvent.CommandOutput(container,
        line.text(), line.stderr())));
    ExecResult result;
    try {
      result = cluster.exec(container, List.of("sh", "-c", WRAPPER, "sh", command), null,
          output::accept, timeout);
    } catch (ExecTimeoutException e) {
      output.finish();
      return new TimedOut(timeout, stop(container, output.process()), e);
    }
    output.finish();
    return new Exited(result.exitCode());
  }

  /** Ends a timed-out step's processes; says how that went. */
  private String stop(ContainerRef container, String[] process) throws InterruptedException {
    if (process == null) {
      return "its process could not be found to be stopped (the step's shell printed no process"
          + " ID); it may still run in the container";
    }
    List<String> printed = new ArrayList<>();
    try {
      ExecResult stop = cluster.exec(container, List.of("sh", "-c", STOP_SCRIPT, "sh",
          process[0], process[1]), null, line -> {
            synchronized (printed) {
              printed.add(line.text());
            }
          }, STOP_TIMEOUT);
      String count;
      synchronized (printed) {
        count = printed.isEmpty() ? "" : printed.get(printed.size() - 1).trim();
      }
      if (!stop.succeeded() || !count.matches("[0-9]+")) {
        return "stopping it failed (exit " + stop.exitCode() + (stop.stderrTail().isBlank() ? ""
            : ": " + stop.stderrTail().replace('\n', ' ').trim()) + "); it may still run";
      }
      return count.equals("0") ? "it had ended by the time it was to be stopped"
          : "stopped it in the container (" + count + " process(es) killed)";
    } catch (ClusterException e) {
      return "stopping it failed (" + e.getMessage() + "); it may still run";
    }
  }

  /** The step's output: the wrapper's line taken, the rest passed on within the cap. */
  private static final class Output {
    private final Consumer<OutputLine> shown;
    private boolean firstStdout = true;
    private String[] process;
    private long chars;
    private long hiddenChars;
    private long hiddenLines;

    Output(Consumer<OutputLine> shown) {
      this.shown = shown;
    }

    void accept(OutputLine line) {
      synchronized (this) {
        if (!line.stderr() && firstStdout) {
          firstStdout = false;
          String[] words = line.text().split(" ");
          if (words.length == 3 && words[0].equals(MARKER) && words[1].matches("[0-9]+")) {
            process = new String[] {words[1], words[2]};
            return;
          }
        }
        chars += line.text().length() + 1;
        if (chars > MAX_OUTPUT_CHARS) {
          hiddenChars += line.text().length() + 1;
          hiddenLines++;
          return;
        }
      }
      shown.accept(line);
    }

    synchronized String[] process() {
      return process;
    }

    void finish() {
      String summary;
      synchronized (this) {
        if (hiddenLines == 0) {
          return;
        }
        summary = "… [" + String.format("%,d", hiddenChars) + " more characters in "
            + String.format("%,d", hiddenLines) + " line(s) not shown: a run step shows at most "
            + String.format("%,d", MAX_OUTPUT_CHARS) + "]";
        hiddenLines = 0;
      }
      shown.accept(new OutputLine(summary, false));
    }
  }
}
