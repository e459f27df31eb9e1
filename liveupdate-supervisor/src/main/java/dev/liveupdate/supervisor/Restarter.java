package dev.liveupdate.supervisor;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One restart: stop the app (SIGTERM, grace, SIGKILL), start the same command with the same
 * environment, wait until it is ready, answer every request of the batch.
 *
 * <p>Ready means: the new app (its process or one below it) listens on every TCP port the previous
 * app listened on when the request came (or the last app seen listening, when none is running), or
 * on {@code --ready-ports}. Ports in the kernel's ephemeral range are not waited for: they come from
 * binds to port 0 (an RMI registry, a JMX connector) and would not come back with the same number.
 * With no port to wait for, ready means started. The time reported runs from when the supervisor
 * saw the request to when the app was ready.
 */
final class Restarter {

  static final long READY_CHECK_MILLIS = 10;

  private final SupervisorOptions options;
  private final ControlDirectory control;
  private final Signals signals;
  private final ListeningSockets sockets;
  private final Supplier<String> stopSignal;
  private Set<Integer> lastPorts = Set.of();

  Restarter(SupervisorOptions options, ControlDirectory control, Signals signals, ListeningSockets sockets,
      Supplier<String> stopSignal) {
    this.options = options;
    this.control = control;
    this.signals = signals;
    this.sockets = sockets;
    this.stopSignal = stopSignal;
  }

  /** @return the app now running, or null when none is (it could not start, or it crashed) */
  Child restart(Child current, List<ControlDirectory.Request> batch) throws InterruptedException {
    String ids = batch.stream().map(r -> r.id).collect(Collectors.joining(" "));
    Set<Integer> expected = expectedPorts(current);
    String waitFor = expected.isEmpty() ? "its start" : "TCP " + ports(expected);
    if (current != null && current.isAlive()) {
      Log.info("restart " + ids + ": stopping pid " + current.pid() + ", then waiting for " + waitFor);
      long stopping = System.nanoTime();
      int status = current.stop(options.grace, signals);
      Log.info("app (pid " + current.pid() + ") stopped with status " + status + " in "
          + Durations.millisSince(stopping) + " ms");
    } else {
      Log.info("restart " + ids + ": no app running; starting it, then waiting for " + waitFor);
    }
    if (stopSignal.get() != null) {
      answerStopping(batch, stopSignal.get());
      return null;
    }
    Child next;
    try {
      next = Child.start(options.command, options.childJavaToolOptions);
    } catch (IOException e) {
      answer(batch, Result.FAILED, ms -> "cannot start the app " + options.command + ": " + e.getMessage());
      return null;
    }
    Log.info("started app, pid " + next.pid());
    long deadline = System.nanoTime() + options.readyTimeout.toNanos();
    while (true) {
      if (stopSignal.get() != null) {
        answerStopping(batch, stopSignal.get());
        return next;
      }
      if (!next.isAlive()) {
        int status = next.process.exitValue();
        answer(batch, Result.CRASHED, ms -> "the app (pid " + next.pid() + ") exited with status " + status
            + " before it was ready; waiting for the next restart request");
        return null;
      }
      Set<Integer> missing = expected.isEmpty() ? expected : sockets.notListening(expected, next.treePids());
      if (missing.isEmpty()) {
        String how = expected.isEmpty() ? "started (" + noPortsReason() + ")" : "listening on " + ports(expected);
        answer(batch, Result.OK, ms -> "restarted app in " + ms + " ms: pid " + next.pid() + " " + how);
        return next;
      }
      if (System.nanoTime() - deadline > 0) {
        answer(batch, Result.NOT_READY, ms -> "the app (pid " + next.pid() + ") is not listening on TCP "
            + ports(missing) + " after " + options.readyTimeout.toMillis() + " ms (--ready-timeout); left running");
        return next;
      }
      Thread.sleep(READY_CHECK_MILLIS);
    }
  }

  /** Answers requests that arrive while the supervisor stops. */
  void answerStopping(List<ControlDirectory.Request> batch, String signal) {
    answer(batch, Result.FAILED, ms -> "the supervisor is stopping (SIG" + signal + ")");
  }

  /** Answers requests the supervisor will not serve because it exits with the app. */
  void answerExiting(List<ControlDirectory.Request> batch, int status) {
    answer(batch, Result.FAILED, ms -> "the app exited with status " + status + " and the supervisor with it");
  }

  /** The ports a new app must listen on, as the package documentation says ("Ready"). */
  Set<Integer> expectedPorts(Child current) {
    if (options.readyPorts.isPresent()) {
      return options.readyPorts.get();
    }
    if (current != null && current.isAlive()) {
      int[] ephemeral = sockets.ephemeralRange();
      Set<Integer> seen = sockets.portsOf(current.treePids());
      Set<Integer> kept = seen.stream().filter(p -> p < ephemeral[0] || p > ephemeral[1])
          .collect(Collectors.toCollection(TreeSet::new));
      if (kept.size() < seen.size()) {
        Set<Integer> skipped = new TreeSet<>(seen);
        skipped.removeAll(kept);
        Log.info("not waiting for TCP " + ports(skipped) + ": in the ephemeral range " + ephemeral[0] + "-"
            + ephemeral[1] + ", likely bound to port 0 (name ports with --ready-ports)");
      }
      if (!kept.isEmpty()) {
        lastPorts = kept;
      }
    }
    return lastPorts;
  }

  String noPortsReason() {
    return options.readyPorts.isPresent() ? "--ready-ports none" : "the previous app listened on no TCP port";
  }

  static String ports(Set<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** Writes the same result, timed from when each was seen, for every request of the batch. */
  void answer(List<ControlDirectory.Request> batch, String status, LongFunction<String> message) {
    for (ControlDirectory.Request request : batch) {
      long ms = Durations.millisSince(request.seenNanos);
      Result result = new Result(status, ms, message.apply(ms));
      Log.info(request.kind.word() + " " + request.id + ": " + result.line());
      try {
        control.writeResult(request.id, result);
      } catch (IOException e) {
        Log.info("cannot write the result of " + request.kind.word() + " " + request.id + ": " + e);
      }
    }
  }
}
