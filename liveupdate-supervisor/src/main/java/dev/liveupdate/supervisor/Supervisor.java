package dev.liveupdate.supervisor;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The dev image's PID 1: runs the app's original entrypoint as a child, forwards SIGTERM, SIGINT and
 * SIGHUP to it, restarts it when asked through the control directory (see the package documentation
 * for the protocol), and exits with the app's status.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms4m -Xmx16m -XX:-UsePerfData -Xshare:auto \
 *   -cp /opt/liveupdate/liveupdate-supervisor.jar dev.liveupdate.supervisor.Supervisor [options] -- ENTRYPOINT...
 * </pre>
 *
 * <p>Rules:
 * <ul>
 *   <li>The first app exits by itself: the supervisor exits with its status, as the container would
 *       without a supervisor (the kubelet's restart policy and back-off apply unchanged).
 *   <li>A DevTools request is served in the running app's JVM ({@link DevToolsRestarter}); taken
 *       together with a restart request, the process restart serves both.
 *   <li>An app started by a restart request (or after a DevTools request) exits by itself (the developer broke it): the supervisor
 *       stays up, says so in the log and in the result, and starts the app again on the next request.
 *       The pod keeps its synced files and never enters CrashLoopBackOff for it.
 *   <li>SIGTERM, SIGINT or SIGHUP: forwarded to the app (see {@link Signals} for how, and which
 *       signals Java cannot send); after {@code --grace} it and its descendants get SIGKILL; the
 *       supervisor then exits with the app's status (128 + signal number when a signal ended it). Further
 *       signals during the grace period are forwarded too.
 * </ul>
 *
 * <p>Exit statuses of its own: 2 bad command line, 125 unusable control directory, 127 the app's
 * command cannot be started at all.
 */
public final class Supervisor {

  private final SupervisorOptions options;
  private final ControlDirectory control;
  private final Signals signals = Signals.find();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Restarter restarter;
  private final DevToolsRestarter devTools;
  private volatile String stopSignal;
  private Child child;

  Supervisor(SupervisorOptions options) {
    this.options = options;
    this.control = new ControlDirectory(options.control);
    this.restarter = new Restarter(options, control, signals, ListeningSockets.system(), () -> stopSignal);
    this.devTools = new DevToolsRestarter(options, restarter, ListeningSockets.system(),
        new AppThreads(java.nio.file.Paths.get("/proc")), () -> stopSignal);
  }

  /** The kinds of request the supervisor takes; hot-swaps are the agent's, in the app's JVM. */
  static final Set<ControlDirectory.Kind> KINDS = EnumSet.of(ControlDirectory.Kind.RESTART, ControlDirectory.Kind.DEVTOOLS);

  public static void main(String[] args) throws InterruptedException {
    SupervisorOptions options;
    try {
      options = SupervisorOptions.parse(args);
    } catch (IllegalArgumentException e) {
      Log.info(e.getMessage());
      System.err.println(SupervisorOptions.USAGE);
      System.exit(2);
      return;
    }
    System.exit(new Supervisor(options).run());
  }

  int run() throws InterruptedException {
    try {
      control.create();
      devTools.create();
      List<String> stale = control.dropStale(KINDS);
      if (!stale.isEmpty()) {
        Log.info("dropped " + stale.size() + " request(s) left from before: " + String.join(" ", stale));
      }
    } catch (IOException e) {
      Log.info("cannot use the control directory " + options.control + " (the dev image must let user "
          + System.getProperty("user.name") + " write it): " + e);
      return 125;
    }
    warnAboutAgentsInTheEnvironment();
    Signals.install(this::onSignal);
    try {
      child = Child.start(options.command, options.childJavaToolOptions);
    } catch (IOException e) {
      Log.info("cannot start the app " + options.command + ": " + e.getMessage());
      return 127;
    }
    Log.info("started app, pid " + child.pid() + ": " + String.join(" ", options.command));
    watchExit(child);
    RequestWatcher watcher = new RequestWatcher(control, KINDS, "liveupdate-control", options.poll,
        batch -> events.add(Event.requests(batch)));
    Log.info("restart and devtools requests in " + options.control + ": " + watcher.start());
    boolean restarted = false;
    while (true) {
      Event event = events.take();
      if (stopSignal != null) {
        watcher.close();
        if (event.signal == null) { // stop() forwards the first signal: drop its event, queued behind this one
          events.stream().filter(e -> e.signal != null).findFirst().ifPresent(events::remove);
        }
        int status = stop(stopSignal);
        answerPending(batch -> restarter.answerStopping(batch, stopSignal));
        return status;
      }
      if (event.requests != null && event.requests.stream().allMatch(r -> r.kind == ControlDirectory.Kind.DEVTOOLS)) {
        devTools.restart(child, event.requests);
        restarted = true;
      } else if (event.requests != null) { // a process restart serves the DevTools requests taken with it
        child = restarter.restart(child, event.requests);
        if (child != null) {
          watchExit(child);
        }
        restarted = true;
      } else if (event.exited != null && event.exited == child) {
        int status = child.process.exitValue();
        if (!restarted) {
          Log.info("app (pid " + child.pid() + ") exited with status " + status + "; exiting with it");
          watcher.close();
          answerPending(batch -> restarter.answerExiting(batch, status));
          return status;
        }
        Log.info("app (pid " + child.pid() + ") exited by itself with status " + status
            + "; waiting for the next restart request");
        child = null;
      }
    }
  }

  /** Answers the requests still queued when the supervisor exits. */
  private void answerPending(Consumer<List<ControlDirectory.Request>> answer) {
    for (Event event = events.poll(); event != null; event = events.poll()) {
      if (event.requests != null) {
        answer.accept(event.requests);
      }
    }
  }

  /** See the package documentation, "JAVA_TOOL_OPTIONS". */
  private static void warnAboutAgentsInTheEnvironment() {
    for (String variable : List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS")) {
      String value = System.getenv(variable);
      if (value != null && (value.contains("-javaagent") || value.contains("-agentlib") || value.contains("-agentpath"))) {
        Log.info(variable + " loads an agent into the supervisor's JVM too, not only into the app's (a JDWP"
            + " agent there takes the debug port before the app can): give it to the app alone with"
            + " --child-java-tool-options");
      }
    }
  }

  private void onSignal(String name) {
    if (stopSignal == null) {
      stopSignal = name;
    }
    events.add(Event.signal(name));
  }

  private void watchExit(Child started) {
    started.process.onExit().thenRun(() -> events.add(Event.exited(started)));
  }

  /** Forwards the signal, waits up to the grace period (forwarding any further signal), then kills. */
  private int stop(String signal) throws InterruptedException {
    if (child == null) {
      Log.info("SIG" + signal + ": no app running; exiting");
      return 128 + Signals.number(signal);
    }
    if (!child.isAlive()) { // it had the signal too (a terminal's Ctrl-C reaches the whole process group)
      int status = child.process.exitValue();
      Log.info("SIG" + signal + ": app (pid " + child.pid() + ") already exited with status " + status + "; exiting with it");
      return status;
    }
    Set<ProcessHandle> tree = child.descendants();
    Log.info("SIG" + signal + ": sent " + signals.send(child.process.toHandle(), signal) + " to pid "
        + child.pid() + ", SIGKILL after " + options.grace.toMillis() + " ms");
    long deadline = System.nanoTime() + options.grace.toNanos();
    for (long left = options.grace.toNanos(); child.isAlive() && left > 0; left = deadline - System.nanoTime()) {
      Event event = events.poll(left, TimeUnit.NANOSECONDS);
      if (event != null && event.signal != null) {
        Log.info("SIG" + event.signal + ": sent " + signals.send(child.process.toHandle(), event.signal)
            + " to pid " + child.pid());
      } else if (event != null && event.requests != null) {
        restarter.answerStopping(event.requests, signal);
      }
    }
    int status = child.kill(options.grace, tree);
    Log.info("app (pid " + child.pid() + ") exited with status " + status + "; exiting with it");
    return status;
  }

  /** What wakes the supervisor: a signal, the app's exit, or restart requests. */
  private static final class Event {
    final String signal;
    final Child exited;
    final List<ControlDirectory.Request> requests;

    private Event(String signal, Child exited, List<ControlDirectory.Request> requests) {
      this.signal = signal;
      this.exited = exited;
      this.requests = requests;
    }

    static Event signal(String name) {
      return new Event(name, null, null);
    }

    static Event exited(Child child) {
      return new Event(null, child, null);
    }

    static Event requests(List<ControlDirectory.Request> batch) {
      return new Event(null, null, batch);
    }
  }
}
