package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.plan.Plan;
import dev.liveupdate.plan.Reload;
import dev.liveupdate.supervisor.Control;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The app's reload, asked of the live-update supervisor (or its hot-swap agent) in the same exec
 * as an update's copy, so an update stays one exec per container. The exec runs {@link #SCRIPT}:
 * the copy script in a child shell (it reads the removals and the tar from the exec's stdin, as
 * alone), and, only when it succeeded, the supervisor's own client ({@link Control#SH_SCRIPT},
 * verbatim) for each rung of the plan's ladder in turn ({@code hotswap}, {@code devtools},
 * {@code restart}), each with a request ID of its own. A rung whose answer says it cannot serve
 * the change ({@code unsupported}; for a hot-swap also {@code failed}, {@code unavailable} and
 * {@code timeout}; for DevTools {@code failed} and {@code unavailable}) hands over to the next; any
 * other answer ends the exec. The scripts and the hot-swap's class list travel as arguments,
 * never spliced into a script (the class list reaches the client on its stdin through a pipe).
 *
 * <p>Each client prints one line, {@code STATUS MILLIS MESSAGE}; the script prints it after the
 * rung's KIND, on stdout, which the copy never writes to (tar extracts silently; the removals
 * complain on stderr). The last line is the reload's result, the ones before it the rungs it
 * escalated from, and their presence says the copy succeeded. Without them, a non-zero exit is the
 * copy's.
 */
final class RestartAfterCopy {

  /**
   * Runs the copy script ($1), then, if it succeeded, the control client ($2) with ID ($3), WAIT
   * ($4) and the control directory ($5) for each KIND of $6, the class list $7 on the hot-swap's
   * stdin; escalates as the class says.
   */
  static final String SCRIPT = String.join("\n",
      "copy=$1 control=$2 id=$3 wait=$4 dir=$5 kinds=$6 classes=$7",
      "sh -c \"$copy\" liveupdate-copy || exit",
      "status=0",
      "for kind in $kinds; do",
      "  if [ \"$kind\" = hotswap ]; then",
      "    line=$(printf '%s' \"$classes\" | sh -c \"$control\" liveupdate-hotswap \"$id-$kind\" \"$wait\" \"$dir\")",
      "  else",
      "    line=$(sh -c \"$control\" \"liveupdate-$kind\" \"$id-$kind\" \"$wait\" \"$dir\")",
      "  fi",
      "  status=$?",
      "  printf '%s %s\\n' \"$kind\" \"$line\"",
      "  [ \"$status\" -eq 0 ] && exit 0",
      "  case $kind:$line in",
      "    hotswap:unsupported\\ * | hotswap:failed\\ * | hotswap:unavailable\\ * | hotswap:timeout\\ *) ;;",
      "    devtools:unsupported\\ * | devtools:failed\\ * | devtools:unavailable\\ *) ;;",
      "    *) exit \"$status\" ;;",
      "  esac",
      "done",
      "exit \"$status\"");

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
  private static final Pattern RESULT = Pattern.compile("(?:(hotswap|devtools|restart) )?"
      + "(ok|crashed|notready|unsupported|failed|unavailable|timeout|usage) (\\d+) ?(.*)");

  /**
   * A rung's answer.
   *
   * @param level   the rung that answered
   * @param status  {@code ok}, {@code crashed}, {@code notready}, {@code unsupported},
   *                {@code failed}, or the client's {@code unavailable}, {@code timeout},
   *                {@code usage}
   * @param millis  from the request being taken to the answer
   * @param message the supervisor's (or agent's) words
   */
  record Result(Reload.Level level, String status, long millis, String message) {
    boolean ok() {
      return status.equals("ok");
    }
  }

  private final String id;
  private final Reload.Ladder ladder;
  private final List<Result> results = new CopyOnWriteArrayList<>();

  private RestartAfterCopy(String id, Reload.Ladder ladder) {
    this.id = id;
    this.ladder = ladder;
  }

  /**
   * The reload a plan asks for, with a request ID no other request of this JVM has: its ladder,
   * or a process restart alone.
   */
  static Optional<RestartAfterCopy> of(Plan.LiveUpdate plan) {
    Reload.Ladder ladder;
    if (plan.reload() instanceof Reload.Ladder l) {
      ladder = l;
    } else if (plan.reload() instanceof Reload.Restart restart) {
      ladder = new Reload.Ladder(List.of(Reload.Level.RESTART), List.of(), "", restart.reason());
    } else {
      return Optional.empty();
    }
    return Optional.of(new RestartAfterCopy("lu" + Long.toString(System.currentTimeMillis(), 36)
        + "-" + REQUESTS.incrementAndGet(), ladder));
  }

  /** The exec's argument vector around {@code copyScript}. */
  List<String> command(String copyScript) {
    return command(copyScript, CONTROL_DIR);
  }

  /** As {@link #command(String)}, with the supervisor's control directory elsewhere. */
  List<String> command(String copyScript, String controlDir) {
    StringBuilder classes = new StringBuilder();
    ladder.classes().forEach(c -> classes.append(c.binaryName()).append(' ')
        .append(c.containerPath()).append('\n'));
    String kinds = ladder.levels().stream().map(Reload.Level::kind)
        .collect(Collectors.joining(" "));
    return List.of("sh", "-c", SCRIPT, "liveupdate-update", copyScript, Control.SH_SCRIPT, id,
        Long.toString(WAIT.toSeconds()), controlDir, kinds, classes.toString());
  }

  /** Keeps the line if it is a rung's answer; false for any other line (the copy's). */
  boolean take(Cluster.OutputLine line) {
    if (line.stderr()) {
      return false;
    }
    Matcher matcher = RESULT.matcher(line.text());
    if (!matcher.matches()) {
      return false;
    }
    Reload.Level level = matcher.group(1) == null ? Reload.Level.RESTART
        : Reload.Level.ofKind(matcher.group(1));
    results.add(new Result(level, matcher.group(2), Long.parseLong(matcher.group(3)),
        matcher.group(4)));
    return true;
  }

  /** The reload's answer (the last rung's), once the exec printed it; empty when the copy failed first. */
  Optional<Result> result() {
    return results.isEmpty() ? Optional.empty() : Optional.of(results.get(results.size() - 1));
  }

  /** The answers of the rungs the reload escalated from, in order. */
  List<Result> escalated() {
    return results.isEmpty() ? List.of() : List.copyOf(results.subList(0, results.size() - 1));
  }

  /** Why cheaper rungs were passed over before trying, empty when none was. */
  String passed() {
    return ladder.passed();
  }

  /** Whether the ladder has more than a process restart: its rungs are worth reporting. */
  boolean climbs() {
    return ladder.levels().size() > 1 || !ladder.passed().isEmpty();
  }

  String id() {
    return id;
  }
}
