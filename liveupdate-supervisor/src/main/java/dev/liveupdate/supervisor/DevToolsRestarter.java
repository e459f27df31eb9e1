package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One Spring Boot DevTools restart: the app's JVM stays, DevTools closes the application context
 * and runs {@code main} again in a new class loader over the classpath directories. The supervisor
 * touches the trigger file DevTools watches ({@link #javaToolOptions} points DevTools at it) and
 * watches the restart from outside, through {@code /proc}:
 * <ul>
 *   <li><b>started</b>: a new thread named {@code restartedMain} (the one DevTools runs {@code main}
 *       in) appears, or a socket the app listened on an expected port closes;
 *   <li><b>ready</b> ({@code ok}): that thread has ended ({@code main} returned: for Spring Boot,
 *       {@code SpringApplication.run} is done, the context refreshed, the runners run,
 *       {@code ApplicationReadyEvent} published) and the app listens on every expected port (as for
 *       a process restart); or, when the thread was not seen (names unreadable, or a restart quicker
 *       than one look), no such thread runs and every expected port has a new socket;
 *   <li>{@code crashed}: {@code main} ended and a port stayed closed for {@link #PORTS_AFTER_MAIN}:
 *       the new context failed (the app's log says why); DevTools waits for the next change;
 *   <li>{@code unsupported}: nothing started within {@link #NOTICE} of the trigger (no DevTools, its
 *       restart disabled, the trigger not set, or no changed file that DevTools restarts for);
 *   <li>{@code notready}: {@code --ready-timeout} passed.
 * </ul>
 * An app whose {@code main} never returns is never ready this way: restart its process instead.
 */
final class DevToolsRestarter {

  /** The trigger file's name: a simple name, as DevTools compares names only (spring-boot#17775). */
  static final String TRIGGER = "liveupdate-trigger";
  static final String MAIN_THREAD = "restartedMain";
  static final Duration NOTICE = Duration.ofSeconds(5);
  static final Duration PORTS_AFTER_MAIN = Duration.ofSeconds(2);

  private final SupervisorOptions options;
  private final Restarter restarter;
  private final ListeningSockets sockets;
  private final AppThreads threads;
  private final Supplier<String> stopSignal;
  private final Path trigger;

  DevToolsRestarter(SupervisorOptions options, Restarter restarter, ListeningSockets sockets, AppThreads threads,
      Supplier<String> stopSignal) {
    this.options = options;
    this.restarter = restarter;
    this.sockets = sockets;
    this.threads = threads;
    this.stopSignal = stopSignal;
    this.trigger = options.control.resolve(ControlDirectory.DEVTOOLS_DIR).resolve(TRIGGER);
  }

  /**
   * The app's system properties for DevTools to restart on the supervisor's trigger: the trigger
   * file, the directory it is in (watched as an additional path), a poll interval of 200 ms and a
   * quiet period of 50 ms (DevTools' defaults: 1 s and 400 ms), and no LiveReload server.
   */
  static String javaToolOptions(String controlDir) {
    String dir = controlDir.endsWith("/") ? controlDir : controlDir + "/";
    return "-Dspring.devtools.restart.trigger-file=" + TRIGGER
        + " -Dspring.devtools.restart.additional-paths=" + dir + ControlDirectory.DEVTOOLS_DIR
        + " -Dspring.devtools.restart.poll-interval=200ms -Dspring.devtools.restart.quiet-period=50ms"
        + " -Dspring.devtools.livereload.enabled=false";
  }

  /** Creates the directory DevTools watches: it must exist before the app starts. */
  void create() throws IOException {
    Files.createDirectories(trigger.getParent());
  }

  void restart(Child app, List<ControlDirectory.Request> batch) throws InterruptedException {
    String ids = batch.stream().map(r -> r.id).collect(Collectors.joining(" "));
    if (app == null || !app.isAlive()) {
      restarter.answer(batch, Result.UNSUPPORTED, ms -> "no app is running for DevTools to restart; request a restart");
      return;
    }
    Set<Integer> expected = restarter.expectedPorts(app);
    Map<Integer, Set<Long>> before = sockets.socketsOf(app.treePids());
    Set<Long> mainsBefore = threads.named(MAIN_THREAD, app.treePids());
    try {
      Files.write(trigger, (ids + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      restarter.answer(batch, Result.FAILED, ms -> "cannot touch the DevTools trigger " + trigger + ": " + e);
      return;
    }
    Log.info("devtools " + ids + ": touched " + trigger + ", waiting for " + (expected.isEmpty()
        ? "main to return" : "main to return and TCP " + Restarter.ports(expected)));
    long touched = System.nanoTime();
    boolean seenMain = false;
    long mainEnded = 0;
    while (true) {
      if (stopSignal.get() != null) {
        restarter.answerStopping(batch, stopSignal.get());
        return;
      }
      if (!app.isAlive()) {
        int status = app.process.exitValue();
        restarter.answer(batch, Result.CRASHED, ms -> "the app (pid " + app.pid() + ") exited with status " + status
            + " during its DevTools restart; waiting for the next restart request");
        return;
      }
      List<Long> pids = app.treePids();
      Set<Long> mains = threads.named(MAIN_THREAD, pids);
      mains.removeAll(mainsBefore);
      seenMain = seenMain || !mains.isEmpty();
      Map<Integer, Set<Long>> now = sockets.socketsOf(pids);
      boolean socketClosed = false;
      boolean allReplaced = !expected.isEmpty();
      for (int port : expected) {
        Set<Long> old = before.getOrDefault(port, Set.of());
        Set<Long> current = now.getOrDefault(port, Set.of());
        socketClosed = socketClosed || !current.containsAll(old);
        allReplaced = allReplaced && !current.isEmpty() && current.stream().noneMatch(old::contains);
      }
      boolean started = seenMain || socketClosed;
      boolean mainRunning = !mains.isEmpty();
      Set<Integer> missing = new HashSet<>(expected);
      missing.removeAll(now.keySet());
      long elapsed = System.nanoTime() - touched;
      if (!mainRunning && (seenMain ? missing.isEmpty() : allReplaced)) {
        String how = expected.isEmpty() ? "main returned" : "listening on " + Restarter.ports(expected);
        restarter.answer(batch, Result.OK, ms -> "restarted app with DevTools in " + ms + " ms: pid " + app.pid()
            + " " + how);
        return;
      }
      if (seenMain && !mainRunning) {
        mainEnded = mainEnded == 0 ? System.nanoTime() : mainEnded;
        if (System.nanoTime() - mainEnded > PORTS_AFTER_MAIN.toNanos()) {
          restarter.answer(batch, Result.CRASHED, ms -> "the DevTools restart of the app (pid " + app.pid()
              + ") failed: main ended without listening on TCP " + Restarter.ports(missing) + " (the app's log says"
              + " why); DevTools waits for the next change, or request a restart");
          return;
        }
      }
      if (!started && elapsed > NOTICE.toNanos()) {
        restarter.answer(batch, Result.UNSUPPORTED, ms -> "DevTools did not restart the app within "
            + NOTICE.toMillis() + " ms of touching " + trigger + ": is spring-boot-devtools on its classpath, with"
            + " the trigger file set, and did the update change a file DevTools restarts for?");
        return;
      }
      if (elapsed > options.readyTimeout.toNanos()) {
        restarter.answer(batch, Result.NOT_READY, ms -> "the DevTools restart of the app (pid " + app.pid()
            + ") is not ready after " + options.readyTimeout.toMillis() + " ms (--ready-timeout): "
            + (mainRunning ? "main still running" : "not listening on TCP " + Restarter.ports(missing)));
        return;
      }
      Thread.sleep(Restarter.READY_CHECK_MILLIS);
    }
  }
}
