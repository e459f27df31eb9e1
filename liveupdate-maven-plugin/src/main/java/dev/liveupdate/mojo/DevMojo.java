package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.DevSession;
import dev.liveupdate.engine.ModuleManifests;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.RunBounds;
import dev.liveupdate.engine.RunProblems;
import dev.liveupdate.engine.RunSummary;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.engine.Trigger;
import dev.liveupdate.javaloop.JavaSession;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.manifest.ManifestEvent;
import dev.liveupdate.manifest.ManifestException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.inject.Inject;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/**
 * Watches the module and live-updates every running container of the target workload on each
 * change: changed files are copied in, deleted ones removed, triggered commands run; a change that
 * cannot be live-updated rebuilds and rolls out the image when {@code <image>} is configured.
 * Blocks until Ctrl-C, or until {@code liveupdate.maxUpdates} or {@code liveupdate.idleTimeout} is
 * reached.
 *
 * <p>A module whose POM configures jib-maven-plugin needs no {@code <syncs>}: they are inferred
 * from Jib's layout, the workload is the one running Jib's image, sources are compiled on save in
 * this JVM, the app restarts in its container after each update, and a POM change rolls out a new
 * dev image (see the Java modules page).
 *
 * <p>With {@code <manifests>}, they are applied first (server-side apply), with the image
 * {@code <image>} builds put into the workloads that run it, and their rollout is waited for; so
 * the goal goes from an empty namespace to a running, live-updated app. {@code liveupdate:down}
 * deletes them.
 *
 * <p>Bound in a profile it runs at {@code package} by default, after the module is built; in a
 * reactor every module's loop waits until the reactor's last module is built, then all start.
 *
 * @since 0.1.0
 */
@Mojo(name = "dev", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class DevMojo extends AbstractLiveUpdateMojo {

  /**
   * Milliseconds without a file event before a batch of changes is sent.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.quietPeriod", defaultValue = "50")
  private long quietPeriod;

  /**
   * The longest, in milliseconds, a batch is held back while changes keep arriving.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.maxBatchWait", defaultValue = "1000")
  private long maxBatchWait;

  /**
   * What happens before watching: {@code sync} (default) sends what differs between the
   * containers and the local tree, so edits made while {@code dev} was not running are not lost;
   * {@code build} rebuilds and rolls out the image first (needs {@code <image>}); {@code none}
   * trusts the running containers.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.onStart", defaultValue = "sync")
  private String onStart;

  /**
   * Ends the loop after this many updates (each batch of changes counts once, applied or
   * failed); 0 runs until Ctrl-C. With a bound, the build fails, listing why, if anything of the
   * session failed (an update, a rebuild, the start-up sync; any error it printed), a change was
   * never applied, or the target was out of reach when it ended.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.maxUpdates", defaultValue = "0")
  private int maxUpdates;

  /**
   * Ends the loop after this many seconds without a file change; 0 runs until Ctrl-C. With a
   * bound, the build fails as with {@code maxUpdates}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.idleTimeout", defaultValue = "0")
  private long idleTimeout;

  /**
   * Streams the target containers' logs into the console, each line after its pod's name, across
   * restarts and new pods; {@code false} turns them off.
   *
   * @since 0.2.0
   */
  @Parameter(property = "liveupdate.logs", defaultValue = "true")
  private boolean logs;

  /**
   * When changes are applied: {@code auto} (default) as they come, Enter forcing a full sync of
   * every container; {@code manual} (Tilt's {@code TRIGGER_MODE_MANUAL}) keeps them, listed as
   * pending, until Enter is pressed in the console.
   *
   * @since 0.2.0
   */
  @Parameter(property = "liveupdate.trigger", defaultValue = "auto")
  private String trigger;

  @Inject
  public DevMojo(SettingsDecrypter decrypter, BuildPluginManager plugins,
      ProjectBuilder projectBuilder, RepositorySystem repositories) {
    super(decrypter, plugins, projectBuilder, repositories);
  }

  @Override
  String goal() {
    return "liveupdate:dev";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Optional<JavaLoopInputs> java = javaLoop(Duration.ofMillis(quietPeriod),
        Duration.ofMillis(maxBatchWait));
    if (java.isEmpty() && !configured() && ReactorDevLoops.leavesOut(session(), project())) {
      getLog().info(project().getArtifactId() + " has no <liveUpdate>: not part of the dev loop");
      return;
    }
    LiveUpdateConfig config = java.isPresent() ? java.get().config()
        : config(Duration.ofMillis(quietPeriod), Duration.ofMillis(maxBatchWait));
    Trigger updates;
    try {
      updates = Trigger.parse(trigger);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    SessionOptions options = options(startAction(config, java.isPresent()))
        .withConsole(logs, updates);
    RunBounds bounds;
    try {
      bounds = new RunBounds(maxUpdates, Duration.ofSeconds(idleTimeout));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("liveupdate.maxUpdates and liveupdate.idleTimeout must not "
          + "be negative, got " + maxUpdates + " and " + idleTimeout);
    }
    MavenProject project = project();
    ModuleLog log = new ModuleLog(getLog());
    EventRenderer renderer = new EventRenderer(log, basedir().toPath(),
        "liveupdate:dev (" + project.getArtifactId() + ")");
    java.ifPresent(inputs -> inputs.rules().forEach(renderer::info));
    Launch launch = new Launch(project.getArtifactId(), config, options, bounds, renderer, java,
        log);
    List<Launch> launches = ReactorDevLoops.enqueue(session(), project, launch, this::runLater);
    if (launches.isEmpty()) {
      getLog().info("liveupdate:dev for " + project.getArtifactId() + " starts once the last "
          + "module of this build is built");
      return;
    }
    if (launches.size() == 1) { // this module alone: its failures are the goal's, as they are
      Optional<String> problem;
      try {
        problem = run(launches.get(0));
      } catch (ClusterException e) {
        throw Failures.of(e.getMessage(), e);
      }
      if (problem.isPresent()) {
        throw new MojoFailureException(problem.get());
      }
      return;
    }
    Problems problems = runAll(launches);
    if (!problems.isEmpty()) {
      throw problems.failure();
    }
  }

  /** Runs queued loops after the reactor's last module; a failure of any kind fails the build. */
  private void runLater(List<Launch> launches) {
    Problems problems = runAll(launches);
    if (!problems.isEmpty()) {
      session().getResult().addException(problems.failure());
    }
  }

  private OnStart startAction(LiveUpdateConfig config, boolean java)
      throws MojoExecutionException {
    OnStart action;
    try {
      action = OnStart.parse(onStart);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    if (action == OnStart.BUILD && config.image().isEmpty() && !java) {
      throw new MojoExecutionException("liveupdate.onStart=build needs <liveUpdate><image> to "
          + "build from");
    }
    return action;
  }

  /** One module's validated loop, ready to start; {@code java} for a Jib module's Java loop. */
  record Launch(String module, LiveUpdateConfig config, SessionOptions options, RunBounds bounds,
      EventRenderer renderer, Optional<JavaLoopInputs> java, ModuleLog log) {}

  /** What went wrong, one line per module and problem, with the failures behind them. */
  private static final class Problems {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Throwable> causes = new CopyOnWriteArrayList<>();

    void add(String line, Throwable cause) {
      lines.add(line);
      if (cause != null) {
        causes.add(cause);
      }
    }

    boolean isEmpty() {
      return lines.isEmpty();
    }

    /** One failure naming every problem, their causes kept (see {@link Failures}). */
    MojoFailureException failure() {
      MojoFailureException failure = Failures.of(String.join(System.lineSeparator(), lines),
          null);
      causes.forEach(failure::addSuppressed);
      return failure;
    }
  }

  /**
   * Runs every loop, in parallel when there are several. Whatever a loop dies of — a failure of
   * its own or any throwable — becomes a problem naming its module; the build then fails.
   */
  private Problems runAll(List<Launch> launches) {
    Problems problems = new Problems();
    if (launches.size() == 1) {
      runOne(launches.get(0), problems);
      return problems;
    }
    List<Thread> threads = new ArrayList<>();
    launches.forEach(launch -> launch.log().prefixWith(launch.module()));
    for (Launch launch : launches) {
      Thread thread = new Thread(() -> runOne(launch, problems),
          "liveupdate-dev-" + launch.module());
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        threads.forEach(Thread::interrupt);
        Thread.currentThread().interrupt();
        break;
      }
    }
    return problems;
  }

  /** Runs one module's loop; never throws: what went wrong is added to {@code problems}. */
  private static void runOne(Launch launch, Problems problems) {
    try {
      run(launch).ifPresent(problem -> problems.add(problem, null));
    } catch (ClusterException | MojoExecutionException e) {
      problems.add(launch.module() + ": " + e.getMessage(), e);
    } catch (Throwable e) { // a loop thread must not die unnoticed, whatever it dies of
      problems.add(launch.module() + ": liveupdate:dev stopped: " + e, e);
    }
  }

  /**
   * Runs one loop to its end; the problem it ended with, if any.
   *
   * @throws ClusterException when it could not start: the cluster or the target is unusable
   */
  private static Optional<String> run(Launch launch) throws ClusterException,
      MojoExecutionException {
    applyManifests(launch);
    Optional<RunSummary> summary;
    Trigger trigger = launch.options().trigger();
    if (trigger.isManual()) {
      launch.renderer().info("Manual trigger: changes wait, listed as pending, until you press"
          + " Enter");
    }
    ConsoleInput.register(trigger, launch.renderer()::info);
    try (DevSession session = open(launch)) {
      summary = session.runUntilStopped(launch.bounds());
    } catch (IOException e) {
      throw new MojoExecutionException("cannot watch " + launch.config().basedir() + ": "
          + e.getMessage(), e);
    } finally {
      ConsoleInput.unregister(trigger);
    }
    if (summary.isEmpty() || summary.get().succeeded()) {
      return Optional.empty();
    }
    StringBuilder message = new StringBuilder("liveupdate:dev (" + launch.module() + ") ended"
        + " after " + Plural.of(summary.get().updates(), "update") + "; not everything was"
        + " applied:");
    summary.get().problems().forEach(p -> message.append(System.lineSeparator()).append("  ")
        .append(p));
    return Optional.of(message.toString());
  }

  /** Applies the module's {@code <manifests>}, if any, before the target is looked at. */
  private static void applyManifests(Launch launch) throws ClusterException,
      MojoExecutionException {
    Consumer<ManifestEvent> lines = event -> launch.renderer().info(ManifestLines.of(event));
    try {
      if (launch.java().isPresent()) {
        new ModuleManifests(launch.config(), launch.options(), lines,
            JavaManifests.devImage(launch.java().get())).apply();
      } else {
        new ModuleManifests(launch.config(), launch.options(), lines).apply();
      }
    } catch (ManifestException e) {
      // not chained: Maven would append the client's dump of the cause (see Failures)
      MojoExecutionException failure = new MojoExecutionException(e.getMessage());
      failure.addSuppressed(e);
      throw failure;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("liveupdate:dev was interrupted while applying "
          + "<manifests>", e);
    }
  }

  private static DevSession open(Launch launch) throws ClusterException, IOException {
    long begin = System.nanoTime();
    if (launch.java().isEmpty()) {
      return DevSession.open(launch.config(), launch.options(), launch.renderer());
    }
    JavaLoopInputs java = launch.java().get();
    RunProblems problems = new RunProblems(launch.renderer());
    return JavaSession.open(launch.config(), java.jibImage(), java.project(), launch.options(),
        problems).dev(launch.options(), problems, begin);
  }
}
