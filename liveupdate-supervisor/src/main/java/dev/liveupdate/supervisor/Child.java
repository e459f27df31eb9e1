package dev.liveupdate.supervisor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One run of the app: the original entrypoint started directly (no shell) with the supervisor's
 * environment, working directory and standard streams, so its output reaches the container log
 * unchanged.
 */
final class Child {

  final Process process;
  final long startedNanos;

  private Child(Process process, long startedNanos) {
    this.process = process;
    this.startedNanos = startedNanos;
  }

  /**
   * @param javaToolOptions appended to {@code JAVA_TOOL_OPTIONS} in the child's environment only
   */
  static Child start(List<String> command, Optional<String> javaToolOptions) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    javaToolOptions.ifPresent(options -> {
      Map<String, String> env = builder.environment();
      String inherited = env.getOrDefault("JAVA_TOOL_OPTIONS", "").trim();
      env.put("JAVA_TOOL_OPTIONS", inherited.isEmpty() ? options : inherited + " " + options);
    });
    long started = System.nanoTime();
    return new Child(builder.start(), started);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The child and every process below it, for finding the sockets the app listens on. */
  List<Long> treePids() {
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    process.descendants().forEach(p -> pids.add(p.pid()));
    return pids;
  }

  /**
   * Stops the app as a container runtime stops a container: SIGTERM to the child, up to
   * {@code grace} for it to exit, then SIGKILL to it and everything below it; processes it left
   * behind (now orphans) get SIGKILL too, as the kernel does to a PID namespace whose init exits.
   *
   * @return the exit status, 128 + signal number when a signal ended it
   */
  int stop(Duration grace, Signals signals) throws InterruptedException {
    Set<ProcessHandle> tree = descendants();
    signals.send(process.toHandle(), "TERM");
    return awaitOrKill(grace, tree);
  }

  /**
   * Waits up to {@code grace} for the app to exit, then kills it and its descendants.
   *
   * @param tree descendants seen before the app was asked to stop
   */
  int awaitOrKill(Duration grace, Set<ProcessHandle> tree) throws InterruptedException {
    process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    return kill(grace, tree);
  }

  /**
   * Kills the app and its descendants if it is still running after the grace period it was given,
   * and the processes it left behind in any case.
   *
   * @param tree descendants seen before the app was asked to stop
   * @return the exit status
   */
  int kill(Duration grace, Set<ProcessHandle> tree) throws InterruptedException {
    if (process.isAlive()) {
      Log.info("app (pid " + pid() + ") still running after " + grace.toMillis() + " ms: SIGKILL");
      tree.addAll(descendants());
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor();
    }
    List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    if (!left.isEmpty()) {
      Log.info("SIGKILL to " + left.size() + " process(es) the app left behind: "
          + left.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(" ")));
      left.forEach(ProcessHandle::destroyForcibly);
    }
    return process.exitValue();
  }

  Set<ProcessHandle> descendants() {
    return process.descendants().collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
