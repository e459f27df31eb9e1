package dev.liveupdate.javaloop;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.ResourceRoot;
import dev.liveupdate.config.JavaApp;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.engine.ChangeSource;
import dev.liveupdate.engine.EngineSession;
import dev.liveupdate.engine.ModuleLoop;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.watch.WatchRoot;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The Java loop of a Jib module, in a dev session or a one-shot sync: it watches the module's
 * sources, resources, extra directories and POMs (not the whole module: a test or a README does
 * not go into the image, as Jib's own list of inputs says); compiles on save ({@link JavaChanges});
 * and at start brings the output directory up to date, then sees that every running container
 * runs the live-update supervisor, rolling the dev image out once if one does not.
 */
public final class JavaLoop implements ModuleLoop {

  /** How the start went. */
  public enum State {
    /** Every running container runs the supervisor (or none runs). */
    READY,
    /** Some did not, and the dev image was rolled out: the new pods hold everything. */
    ROLLED_OUT,
    /** Some did not, and no rollout was allowed: {@link Start#missing} says which. */
    SUPERVISOR_MISSING,
    /** Some did not, and the rollout failed; the events said why. */
    ROLLOUT_FAILED
  }

  /** @param missing the containers that ran no supervisor at start, with why */
  public record Start(State state, List<String> missing) {}

  private final EngineSession engine;
  private final Compilation compilation;
  private final List<WatchRoot> roots;

  JavaLoop(EngineSession engine, CompilerSettings settings, Compilation compilation) {
    this.engine = engine;
    this.compilation = compilation;
    this.roots = roots(engine.config(), settings);
  }

  /** Sources, resources, extra directories, POMs and {@code <fallBackOn>} paths. */
  static List<WatchRoot> roots(LiveUpdateConfig config, CompilerSettings settings) {
    Set<WatchRoot> roots = new LinkedHashSet<>();
    Path generated = settings.generatedSourcesDirectory().toAbsolutePath().normalize();
    settings.sourceRoots().stream().map(p -> p.toAbsolutePath().normalize())
        .filter(p -> !p.equals(generated)).map(WatchRoot::directory).forEach(roots::add);
    settings.resources().stream().map(ResourceRoot::directory).map(WatchRoot::directory)
        .forEach(roots::add);
    config.syncs().stream().filter(sync -> !sync.ownsDestination()).map(SyncRule::from)
        .map(WatchRoot::directory).forEach(roots::add);
    config.javaApp().map(JavaApp::rebuildOn).orElse(List.of()).stream().map(WatchRoot::file)
        .forEach(roots::add);
    config.fallBackOn().stream()
        .map(pattern -> WatchRoot.forConfiguredPath(config.basedir(), pattern))
        .forEach(roots::add);
    return List.copyOf(roots);
  }

  @Override
  public List<WatchRoot> watchRoots() {
    return roots;
  }

  @Override
  public ChangeSource changes(ChangeSource watched) {
    return new JavaChanges(watched, compilation);
  }

  @Override
  public boolean rollsOutDevImage() {
    return true;
  }

  @Override
  public boolean prepare() throws InterruptedException {
    return start(true).state() != State.ROLLED_OUT;
  }

  /**
   * Brings the output directory up to date (a goal run alone ran no compile phase), then checks
   * that every running container runs the supervisor; if one does not, rolls the dev image out,
   * once, when {@code rolloutAllowed}.
   */
  public Start start(boolean rolloutAllowed) throws InterruptedException {
    compilation.compileStale();
    List<String> missing;
    try {
      List<ContainerRef> running = engine.cluster().runningContainers();
      missing = Supervisors.missing(engine.cluster(), running);
    } catch (ClusterException e) {
      engine.listener().on(new DevEvent.Warning("cannot check whether the containers of "
          + engine.target() + " run the live-update supervisor: " + e.getMessage(), e));
      return new Start(State.READY, List.of());
    }
    if (missing.isEmpty()) {
      return new Start(State.READY, missing);
    }
    if (!rolloutAllowed) {
      return new Start(State.SUPERVISOR_MISSING, missing);
    }
    boolean rolledOut = engine.rebuilder().orElseThrow().rebuild(String.join(", ", missing)
        + (missing.size() == 1 ? " runs" : " run") + " no live-update supervisor, so the app "
        + "cannot be restarted in place: rolling out the dev image (your Jib image plus the "
        + "supervisor), once for this session");
    return new Start(rolledOut ? State.ROLLED_OUT : State.ROLLOUT_FAILED, missing);
  }

  @Override
  public void close() {
    compilation.close();
  }
}
