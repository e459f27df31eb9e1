package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.PermanentClusterException;
import dev.liveupdate.watch.ChangeBatch;
import dev.liveupdate.watch.FileWatcher;
import dev.liveupdate.watch.WatchRoot;
import dev.liveupdate.watch.WatchSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import dev.liveupdate.kube.Stoppable;

/**
 * One {@code liveupdate:dev} session: connects to the cluster, watches the module, checks the
 * target ({@link TargetCheck}: a mistake about it ends the session before anything is sent), does
 * the start-up work, and runs the {@link DevLoop} until its bounds are reached or the JVM is asked
 * to stop (Ctrl-C, SIGTERM); then it reports how the session went ({@link DevEvent.SessionEnded},
 * both ways) and closes every exec session, thread and watch before the JVM exits.
 */
public final class DevSession implements AutoCloseable {

  private static final long STOP_WAIT_SECONDS = 4;

  /** The start-up work: the target check, then the start-up sync or build. */
  @FunctionalInterface
  private interface StartUp {
    void run() throws PermanentClusterException, InterruptedException;
  }

  private final EngineSession engine;
  private final FileWatcher watcher;
  private final DevLoop loop;
  private final StartUp onStart;
  private final ModuleLoop module;
  private final RunProblems problems;
  private final Stoppable forwards;
  private final AtomicReference<Stoppable> logs;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DevSession(EngineSession engine, FileWatcher watcher, DevLoop loop, StartUp onStart,
      ModuleLoop module, RunProblems problems, Stoppable forwards,
      AtomicReference<Stoppable> logs) {
    this.engine = engine;
    this.watcher = watcher;
    this.loop = loop;
    this.onStart = onStart;
    this.module = module;
    this.problems = problems;
    this.forwards = forwards;
    this.logs = logs;
  }

  /** Connects and starts watching; nothing is sent to the cluster before {@link #runUntilStopped}. */
  public static DevSession open(LiveUpdateConfig config, SessionOptions options,
      DevListener listener) throws ClusterException, IOException {
    long begin = System.nanoTime();
    RunProblems problems = new RunProblems(listener);
    EngineSession engine = EngineSession.open(config, options, problems);
    return open(engine, options, new SyncedFiles(engine), problems, begin);
  }

  /**
   * Starts watching for {@code module} on an engine already connected; nothing is sent to the
   * cluster before {@link #runUntilStopped}. The session owns both from here on, also when this
   * fails.
   *
   * @param problems the listener the engine was opened with, which counts the session's failures
   * @param begin    when the session's start-up began ({@link System#nanoTime()}), for the
   *                 {@code ready in} figure
   */
  public static DevSession open(EngineSession engine, SessionOptions options, ModuleLoop module,
      RunProblems problems, long begin) throws IOException, ClusterException {
    LiveUpdateConfig config = engine.config();
    FileWatcher watcher;
    Stoppable forwards = Stoppable.NONE;
    BiConsumer<String, Throwable> diagnostics =
        (message, cause) -> problems.on(new DevEvent.Diagnostic(message, cause));
    try {
      // bound first: a local port in use ends the start-up before anything is sent
      forwards = engine.cluster().forwardPorts(config.portForwards(),
          (forward, pod, port, moved) -> problems.on(new DevEvent.PortForwarding(forward.local(),
              pod, port, moved)),
          // a mistake (a port name the container lacks) or a connection refused for want of a
          // pod is the user's to see; a connection's own end is not
          (message, cause) -> problems.on(cause == null || cause instanceof PermanentClusterException
              ? new DevEvent.Warning(message, cause) : new DevEvent.Diagnostic(message, cause)));
      engine.watchPods();
      watcher = FileWatcher.start(new WatchSpec(module.watchRoots(), engine.ignores(),
          config.quietPeriod(), config.maxBatchWait()),
          // the watcher's messages already name their cause; -X shows its stack
          (message, cause) -> problems.on(new DevEvent.Warning(message, cause)));
    } catch (IOException | ClusterException | RuntimeException e) {
      forwards.close();
      module.close();
      engine.close();
      throw e;
    }
    DevLoop loop = new DevLoop(module.changes(watcher::poll), engine, InstantSource.system());
    loop.triggeredBy(options.trigger(), problems.stages(), watcher::lastDetect);
    AtomicReference<Stoppable> logs = new AtomicReference<>(Stoppable.NONE);
    // The watcher runs from here on, so nothing edited during the start-up work is missed; the
    // user is told to edit once that work is done.
    StartUp onStart = () -> {
      TargetCheck.Outcome target = TargetCheck.run(engine.cluster(), engine.transports(),
          module.rollsOutDevImage());
      if (target instanceof TargetCheck.NotReady notReady) {
        problems.on(new DevEvent.NotReady(notReady.waitingFor(),
            options.onStart() == OnStart.SYNC));
      }
      if (module.prepare()) {
        switch (options.onStart()) {
          case NONE -> { }
          case SYNC -> {
            if (target instanceof TargetCheck.Ready) {
              startSync(engine, loop, problems);
            } else {
              loop.startUpSynced(ChangeBatch.EMPTY, Set.of()); // every container is compared
            }
          }
          case BUILD -> startBuild(engine); // a new image may be what the target waits for
        }
      }
      problems.on(new DevEvent.Watching(
          module.watchRoots().stream().map(WatchRoot::path).toList(), engine.target(),
          Duration.ofNanos(System.nanoTime() - begin), watcher.startupTime(),
          watcher.registeredDirectoryCount(), watcher.knownFileCount()));
      if (options.logs()) {
        logs.set(engine.cluster().followLogs(
            (pod, container, line) -> problems.on(new DevEvent.PodLog(pod, container, line)),
            diagnostics));
      }
    };
    return new DevSession(engine, watcher, loop, onStart, module, problems, forwards, logs);
  }

  /**
   * A module with {@code <syncs>}: the module is the build context, as a Tiltfile's docker
   * context, so every file in it either syncs or needs a rebuild, unless ignored.
   */
  private static final class SyncedFiles implements ModuleLoop {
    private final EngineSession engine;

    SyncedFiles(EngineSession engine) {
      this.engine = engine;
    }

    @Override
    public List<WatchRoot> watchRoots() {
      return List.of(WatchRoot.directory(engine.config().basedir()));
    }

    @Override
    public ChangeSource changes(ChangeSource watched) {
      Path pom = engine.config().basedir().resolve("pom.xml");
      return timeout -> {
        ChangeBatch batch = watched.poll(timeout);
        if (batch != null && batch.changed().contains(pom)) {
          engine.listener().on(new DevEvent.Warning("pom.xml changed: this session keeps the "
              + "<liveUpdate> configuration it started with (the image it rebuilds included); "
              + "restart liveupdate:dev to apply configuration changes"));
        }
        return batch;
      };
    }

    @Override
    public boolean prepare() {
      return true;
    }

    @Override
    public void close() {}
  }

  /**
   * Sends what differs between the containers and the local tree, and tells the loop (which
   * then compares every container that starts later). Each container's failure is reported as it
   * happens; a failure of the sync as a whole, or one no event reported, as
   * {@link DevEvent.StartupSyncFailed}.
   */
  private static void startSync(EngineSession engine, DevLoop loop, RunProblems problems)
      throws InterruptedException {
    int before = problems.size();
    try {
      OneShotSync.Report report = new OneShotSync(engine,
          engine.policy(false, "-Dliveupdate.onStart=build rebuilds and rolls it out")).run();
      loop.startUpSynced(report.sent(), report.synced());
      if (!report.failures().isEmpty() && problems.size() == before) {
        problems.on(new DevEvent.StartupSyncFailed(String.join("; ", report.failures()),
            report.causes().isEmpty() ? null : report.causes().get(0)));
      }
    } catch (ClusterException | IOException e) {
      loop.startUpSynced(ChangeBatch.EMPTY, Set.of()); // every container is compared
      problems.on(new DevEvent.StartupSyncFailed(e.getMessage(), e));
    }
  }

  private static void startBuild(EngineSession engine) throws InterruptedException {
    engine.rebuilder().orElseThrow().rebuild("-Dliveupdate.onStart=build");
  }

  /**
   * Runs the loop until its bounds are reached: then its summary, every failure of the session
   * in it. Or until the JVM shuts down (or this thread is interrupted): then the summary is
   * reported as {@link DevEvent.SessionEnded} all the same, and {@link Optional#empty()} returned.
   *
   * @throws PermanentClusterException if the target check at start found a mistake: nothing was
   *                                   sent to the cluster
   */
  public Optional<RunSummary> runUntilStopped(RunBounds bounds) throws PermanentClusterException {
    Thread loopThread = Thread.currentThread();
    Thread hook = new Thread(() -> {
      loopThread.interrupt();
      try {
        stopped.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "liveupdate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      onStart.run();
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("stopped during start-up");
      }
      RunSummary summary = complete(loop.run(bounds), true);
      engine.listener().on(ended(summary, false));
      return Optional.of(summary);
    } catch (InterruptedException e) {
      // asked to stop: say how the session went, then close() ends every exec session before
      // the JVM exits
      engine.listener().on(ended(complete(loop.summary(), false), true));
      return Optional.empty();
    } finally {
      close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waits for close() above
      }
    }
  }

  /**
   * The loop's summary with every failure the session's events reported; when the target was out
   * of reach during the run and {@code checkReach}, one more look says whether it still is.
   */
  private RunSummary complete(RunSummary loopSummary, boolean checkReach) {
    if (checkReach && problems.unreachableSeen()) {
      try {
        engine.cluster().runningContainers();
      } catch (ClusterException e) {
        problems.add("the target was out of reach when the run ended: " + e.getMessage());
      }
    }
    return new RunSummary(loopSummary.updates(), problems.merged(loopSummary.failures()),
        loopSummary.pendingChanges(), problems.rebuilds());
  }

  private static DevEvent.SessionEnded ended(RunSummary summary, boolean stopped) {
    return new DevEvent.SessionEnded(summary.updates(), summary.rebuilds(), summary.problems(),
        stopped);
  }

  @Override
  public void close() {
    try {
      logs.get().close();
      forwards.close();
      engine.updater().close();
      module.close();
      watcher.close();
    } catch (IOException e) {
      engine.listener().on(new DevEvent.Warning("closing the file watcher failed: "
          + e.getMessage(), e));
    } finally {
      engine.close();
      stopped.countDown();
    }
  }
}
