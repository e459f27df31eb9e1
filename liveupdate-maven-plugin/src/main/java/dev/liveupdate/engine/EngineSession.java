package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.ignore.ModuleIgnores;
import dev.liveupdate.image.ImageBuilder;
import dev.liveupdate.image.JibImageBuilder;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.plan.Planner;
import dev.liveupdate.plan.ReloadLadder;
import dev.liveupdate.sync.ContainerUpdater;
import dev.liveupdate.sync.LiveUpdater;
import dev.liveupdate.sync.Transports;
import java.time.Duration;
import java.util.Optional;

/**
 * What every goal's engine is made of, built in one place: the connection to the target's
 * cluster, made once; the module's ignore rules; the live updater; and, with an {@code <image>},
 * the rebuilder. {@code liveupdate:dev} runs a {@link DevLoop} on it, {@code liveupdate:sync} a
 * {@link OneShotSync}. The session owns the connection: whatever else needs the cluster (the pod
 * watch; pod logs or port-forwards later) takes it from {@link #cluster()}, and {@link #close()}
 * ends the updates still running, then the connection.
 */
public final class EngineSession implements AutoCloseable {

  /** The longest one copy (or listing) exec may take. */
  static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);

  private final LiveUpdateConfig config;
  private final Cluster cluster;
  private final String target;
  private final DevListener listener;
  private final IgnoreRules ignores;
  private final Planner planner;
  private final Transports transports;
  private final LiveUpdater updater;
  private final Optional<Rebuilder> rebuilder;

  /**
   * The engine around a cluster already connected: {@link #open} for a kubeconfig's, a double in
   * tests.
   *
   * @param target   the target as printed ({@code deployment/api in namespace default})
   * @param images   builds the image of a rebuild; used only with an {@code <image>}
   */
  public EngineSession(LiveUpdateConfig config, Cluster cluster, String target,
      DevListener listener, Duration runTimeout, Duration rolloutTimeout, ImageBuilder images) {
    this(config, cluster, target, listener, runTimeout, config.image().map(image ->
        new Rebuilder(image, ModuleIgnores.forImage(config), images, cluster, listener,
            rolloutTimeout)));
  }

  /**
   * The engine with a rebuilder of the caller's (a Jib module's, which rolls out its dev image),
   * or none.
   */
  public EngineSession(LiveUpdateConfig config, Cluster cluster, String target,
      DevListener listener, Duration runTimeout, Optional<Rebuilder> rebuilder) {
    this(config, cluster, target, listener, runTimeout, rebuilder, Optional.empty());
  }

  /** As above, with the Java loop's reload ladder deciding how the app reloads. */
  public EngineSession(LiveUpdateConfig config, Cluster cluster, String target,
      DevListener listener, Duration runTimeout, Optional<Rebuilder> rebuilder,
      Optional<ReloadLadder> ladder) {
    this.config = config;
    this.cluster = cluster;
    this.target = target;
    this.listener = listener;
    this.ignores = ModuleIgnores.forSyncs(config);
    this.planner = new Planner(config, ladder);
    this.transports = new Transports(cluster,
        config.syncs().stream().map(SyncRule::to).toList());
    this.updater = new LiveUpdater(
        new ContainerUpdater(cluster, listener, COPY_TIMEOUT, runTimeout, transports), listener);
    this.rebuilder = rebuilder;
  }

  /**
   * Connects to the target's cluster (see {@link TargetCluster}) and builds the engine on it;
   * nothing is sent to the cluster yet.
   */
  public static EngineSession open(LiveUpdateConfig config, SessionOptions options,
      DevListener listener) throws ClusterException {
    TargetCluster connected = TargetCluster.connect(config, options);
    listener.on(new DevEvent.Connecting(connected.cluster().address().server(),
        connected.cluster().address().context(), connected.cluster().namespace()));
    try {
      return new EngineSession(config, connected.cluster(), connected.description(), listener,
          options.runTimeout(), options.rolloutTimeout(),
          new JibImageBuilder(JibImageBuilder.cacheDirectoryIn(config.buildDir()),
              options.credentials()));
    } catch (RuntimeException e) {
      connected.cluster().close();
      throw e;
    }
  }

  /**
   * The policy of a goal: rebuilds are made when it wants them and there is an {@code <image>}.
   *
   * @param howToAsk how the user has this goal rebuild, said when a rebuild is needed and not made
   *                 though an {@code <image>} is configured
   */
  public UpdatePolicy policy(boolean rebuildWanted, String howToAsk) {
    return new UpdatePolicy(planner, rebuildWanted && rebuilder.isPresent(), rebuilder.isEmpty()
        ? "configure <liveUpdate><image> to have the image rebuilt and rolled out" : howToAsk);
  }

  /**
   * Starts watching the target's pods, so the dev loop need not poll them; what the watch
   * recovers from is reported as {@link DevEvent.Diagnostic}s.
   */
  public void watchPods() {
    cluster.watchPods((message, cause) -> listener.on(new DevEvent.Diagnostic(message, cause)));
  }

  public LiveUpdateConfig config() {
    return config;
  }

  public Cluster cluster() {
    return cluster;
  }

  /** {@code deployment/api in namespace default}, for messages. */
  public String target() {
    return target;
  }

  public DevListener listener() {
    return listener;
  }

  /** What the watcher never reports and a one-shot sync never sends or deletes. */
  public IgnoreRules ignores() {
    return ignores;
  }

  /** Each container's transport (sh and tar, or the dev image's Java receiver). */
  public Transports transports() {
    return transports;
  }

  public LiveUpdater updater() {
    return updater;
  }

  /** The rebuilder, with an {@code <image>} to build. */
  public Optional<Rebuilder> rebuilder() {
    return rebuilder;
  }

  @Override
  public void close() {
    try {
      updater.close();
    } finally {
      cluster.close();
    }
  }
}
