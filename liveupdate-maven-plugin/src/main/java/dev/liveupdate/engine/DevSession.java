package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.watch.ChangeBatch;
import dev.liveupdate.watch.FileWatcher;
import dev.liveupdate.watch.WatchRoot;
import dev.liveupdate.watch.WatchSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code liveupdate:dev} session: connects to the cluster, watches the module, and runs the
 * {@link DevLoop} until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes every exec
 * session, thread and watch before the JVM exits.
 */
public final class DevSession implements AutoCloseable {

  private static final long STOP_WAIT_SECONDS = 4;

  private final EngineSession engine;
  private final FileWatcher watcher;
  private final DevLoop loop;
  private final Runnable onStart;
  private final ModuleLoop module;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private DevSession(EngineSession engine, FileWatcher watcher, DevLoop loop, Runnable onStart,
      ModuleLoop module) {
    this.engine = engine;
    this.watcher = watcher;
    this.loop = loop;
    this.onStart = onStart;
    this.module = module;
  }

  /** Connects and starts watching; nothing is sent to the cluster before a change. */
  public static DevSession open(LiveUpdateConfig config, SessionOptions options,
      DevListener listener) throws ClusterException, IOException {
    EngineSession engine = EngineSession.open(config, options, listener);
    return open(engine, options, new SyncedFiles(engine));
  }

  /**
   * Starts watching for {@code module} on an engine already connected; nothing is sent to the
   * cluster before the start-up work. The session owns both from here on, also when this fails.
   */
  public static DevSession open(EngineSession engine, SessionOptions options, ModuleLoop module)
      throws IOException {
    LiveUpdateConfig config = engine.config();
    DevListener listener = engine.listener();
    FileWatcher watcher;
    try {
      engine.watchPods();
      watcher = FileWatcher.start(new WatchSpec(module.watchRoots(), engine.ignores(),
          config.quietPeriod(), config.maxBatchWait()),
          (message, cause) -> listener.on(new DevEvent.Warning(message
              + (cause == null ? "" : ": " + cause), cause)));
    } catch (IOException | RuntimeException e) {
      module.close();
      engine.close();
      throw e;
    }
    DevLoop loop = new DevLoop(module.changes(watcher::poll), engine, InstantSource.system());
    Runnable prepare = switch (options.onStart()) {
      case NONE -> () -> { };
      case SYNC -> () -> startSync(engine);
      case BUILD -> () -> startBuild(engine);
    };
    // The watcher runs from here on, so nothing edited during the start-up work is missed; the
    // user is told to edit once that work is done.
    Runnable onStart = () -> {
      try {
        if (module.prepare()) {
          prepare.run();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      listener.on(new DevEvent.Watching(
          module.watchRoots().stream().map(WatchRoot::path).toList(), engine.target(),
          watcher.startupTime(), watcher.registeredDirectoryCount(), watcher.knownFileCount()));
    };
    return new DevSession(engine, watcher, loop, onStart, module);
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

  /** Sends what differs between the containers and the local tree; problems are warnings. */
  private static void startSync(EngineSession engine) {
    DevListener listener = engine.listener();
    try {
      OneShotSync.Report report = new OneShotSync(engine,
          engine.policy(false, "-Dliveupdate.onStart=build rebuilds and rolls it out")).run();
      report.failures().forEach(f -> listener.on(new DevEvent.Warning("start-up sync: " + f)));
      report.rebuildReasons().forEach(r -> listener.on(new DevEvent.Warning(
          "start-up sync: needs a rebuild: " + r + " (-Dliveupdate.onStart=build rebuilds)")));
    } catch (ClusterException | IOException e) {
      listener.on(new DevEvent.Warning("start-up sync failed: " + e.getMessage()
          + "; changes from now on are still applied", e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void startBuild(EngineSession engine) {
    try {
      engine.rebuilder().orElseThrow().rebuild("-Dliveupdate.onStart=build");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the loop until its bounds are reached, or the JVM shuts down (or this thread is
   * interrupted): then the summary is empty of meaning and {@link Optional#empty()} is returned.
   */
  public Optional<RunSummary> runUntilStopped(RunBounds bounds) {
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
      return Optional.of(loop.run(bounds));
    } catch (InterruptedException e) {
      // asked to stop: close() ends every exec session before the JVM exits
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

  @Override
  public void close() {
    try {
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
