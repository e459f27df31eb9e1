package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Reload;
import dev.liveupdate.supervisor.Control;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app's restart, asked of the live-update supervisor in the same exec as an update's copy,
 * so an update stays one exec per container. The exec runs {@link #SCRIPT}: the copy script in a
 * child shell (it reads the removals and the tar from the exec's stdin, as alone), and, only when
 * it succeeded, the supervisor's own client ({@link Control#SH_SCRIPT}, verbatim) with a request
 * ID of its own. Both scripts travel as arguments, never spliced into a script.
 *
 * <p>The client prints one line, {@code STATUS MILLIS MESSAGE}, on stdout, which the copy never
 * writes to (tar extracts silently; the removals complain on stderr): that line is the restart's
 * result, and its presence says the copy succeeded. Without it, a non-zero exit is the copy's.
 */
final class RestartAfterCopy {

  /** Runs the copy script ($1), then, if it succeeded, the restart client ($2) with the rest. */
  static final String SCRIPT = String.join("\n",
      "copy=$1 restart=$2",
      "shift 2",
      "sh -c \"$copy\" liveupdate-copy || exit",
      "exec sh -c \"$restart\" liveupdate-restart \"$@\"");

  /**
   * How long the client waits for the supervisor's answer: its grace for the old app (10 s by
   * default) and its wait for the new one to listen ({@code --ready-timeout}, 150 s in the dev
   * image), with room to spare. The exec of an update with a restart may take this much longer
   * than a copy alone.
   */
  static final Duration WAIT = Duration.ofSeconds(170);
  /** The supervisor's control directory in the dev image. */
  static final String CONTROL_DIR = "/opt/liveupdate/control";

  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final Pattern RESULT = Pattern.compile(
      "(ok|crashed|notready|failed|unavailable|timeout|usage) (\\d+) ?(.*)");

  /**
   * The supervisor's answer.
   *
   * @param status  {@code ok}, {@code crashed}, {@code notready}, {@code failed}, or the
   *                client's {@code unavailable}, {@code timeout}, {@code usage}
   * @param millis  from the request being taken to the answer
   * @param message the supervisor's words
   */
  record Result(String status, long millis, String message) {
    boolean ok() {
      return status.equals("ok");
    }
  }

  private final String id;
  private volatile Result result;

  private RestartAfterCopy(String id) {
    this.id = id;
  }

  /** The restart a plan asks for, with a request ID no other request of this JVM has. */
  static Optional<RestartAfterCopy> of(Plan.LiveUpdate plan) {
    if (!(plan.reload() instanceof Reload.Restart)) {
      return Optional.empty();
    }
    return Optional.of(new RestartAfterCopy("lu" + Long.toString(System.currentTimeMillis(), 36)
        + "-" + REQUESTS.incrementAndGet()));
  }

  /** The exec's argument vector around {@code copyScript}. */
  List<String> command(String copyScript) {
    return command(copyScript, CONTROL_DIR);
  }

  /** As {@link #command(String)}, with the supervisor's control directory elsewhere. */
  List<String> command(String copyScript, String controlDir) {
    return List.of("sh", "-c", SCRIPT, "liveupdate-update", copyScript, Control.SH_SCRIPT, id,
        Long.toString(WAIT.toSeconds()), controlDir);
  }

  /** Keeps the line if it is the restart's result; false for any other line (the copy's). */
  boolean take(Cluster.OutputLine line) {
    if (line.stderr()) {
      return false;
    }
    Matcher matcher = RESULT.matcher(line.text());
    if (!matcher.matches()) {
      return false;
    }
    result = new Result(matcher.group(1), Long.parseLong(matcher.group(2)), matcher.group(3));
    return true;
  }

  /** The answer, once the exec printed it; empty when the copy failed first. */
  Optional<Result> result() {
    return Optional.ofNullable(result);
  }

  String id() {
    return id;
  }
}
