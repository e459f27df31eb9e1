package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.engine.DevSession;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.RunBounds;
import dev.liveupdate.engine.RunSummary;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.kube.ClusterException;
import java.io.File;
import javax.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Watches the module and live-updates every running container of the target workload on each
 * change: changed files are copied in, deleted ones removed, triggered commands run. Blocks until
 * Ctrl-C, or until {@code liveupdate.maxUpdates} or {@code liveupdate.idleTimeout} is reached.
 *
 * <p>Bound in a profile it runs at {@code package} by default, after the module is built; in a
 * reactor every module's loop waits until the reactor's last module is built, then all start.
 *
 * @since 0.1.0
 */
@Mojo(name = "dev", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class DevMojo extends AbstractMojo {

  /**
   * What to watch, where it goes and what runs: {@code <target>}, {@code <syncs>},
   * {@code <runs>}, {@code <fallBackOn>}, {@code <ignores>}. See the configuration page.
   *
   * @since 0.1.0
   */
  @Parameter
  private LiveUpdateXml liveUpdate;

  /** The build, to find the modules after this one that also run {@code dev}. */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** This module. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The module's base directory: local paths of the configuration are relative to it. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  private File basedir;

  /** The module's build directory, ignored by the watcher unless it is a sync source. */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  private File buildDirectory;

  /**
   * The kubeconfig file. Default: the first file of {@code $KUBECONFIG}, else
   * {@code ~/.kube/config}, as kubectl.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.kubeconfig")
  private File kubeconfig;

  /**
   * The kubeconfig context to use, over {@code <target><context>}. Default: the current context.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.context")
  private String context;

  /**
   * The namespace of the target, over {@code <target><namespace>}. Default: the context's
   * namespace, else {@code default}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.namespace")
  private String namespace;

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
   * Seconds a run step may take in a container before the update is reported failed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.runTimeout", defaultValue = "600")
  private long runTimeout;

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
   * Seconds a rollout after a rebuild may take before it is reported failed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.rolloutTimeout", defaultValue = "300")
  private long rolloutTimeout;

  /** Maven settings: registry credentials come from its servers, id = registry host. */
  @Parameter(defaultValue = "${settings}", readonly = true)
  private Settings settings;

  private final SettingsDecrypter decrypter;

  @Inject
  public DevMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  /**
   * Ends the loop after this many updates (each batch of changes counts once, applied or
   * failed); 0 runs until Ctrl-C. With a bound, the build fails if any update failed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.maxUpdates", defaultValue = "0")
  private int maxUpdates;

  /**
   * Ends the loop after this many seconds without a file change; 0 runs until Ctrl-C. With a
   * bound, the build fails if any update failed or a change was never applied.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.idleTimeout", defaultValue = "0")
  private long idleTimeout;

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.skip", defaultValue = "false")
  private boolean skip;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("liveupdate:dev skipped (liveupdate.skip)");
      return;
    }
    LiveUpdateConfig config = GoalInputs.config(liveUpdate, basedir, buildDirectory,
        Duration.ofMillis(quietPeriod), Duration.ofMillis(maxBatchWait));
    SessionOptions options = GoalInputs.options(kubeconfig, context, namespace, runTimeout,
        rolloutTimeout, new SettingsCredentials(settings, decrypter), startAction(config));
    RunBounds bounds;
    try {
      bounds = new RunBounds(maxUpdates, Duration.ofSeconds(idleTimeout));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("liveupdate.maxUpdates and liveupdate.idleTimeout must not "
          + "be negative, got " + maxUpdates + " and " + idleTimeout);
    }
    Launch launch = new Launch(project.getArtifactId(), config, options, bounds,
        new EventRenderer(getLog(), basedir.toPath()));
    List<Launch> launches = ReactorDevLoops.enqueue(session, project, launch, this::runLater);
    if (launches.isEmpty()) {
      getLog().info("liveupdate:dev for " + project.getArtifactId() + " starts once the last "
          + "module of this build is built");
      return;
    }
    List<String> problems = runAll(launches);
    if (!problems.isEmpty()) {
      throw new MojoFailureException(String.join(System.lineSeparator(), problems));
    }
  }

  /** Runs queued loops after the reactor's last module; a failure fails the build. */
  private void runLater(List<Launch> launches) {
    try {
      List<String> problems = runAll(launches);
      if (!problems.isEmpty()) {
        session.getResult().addException(
            new MojoFailureException(String.join(System.lineSeparator(), problems)));
      }
    } catch (MojoExecutionException e) {
      session.getResult().addException(e);
    }
  }

  private OnStart startAction(LiveUpdateConfig config) throws MojoExecutionException {
    OnStart action;
    try {
      action = OnStart.parse(onStart);
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException(e.getMessage());
    }
    if (action == OnStart.BUILD && config.image().isEmpty()) {
      throw new MojoExecutionException("liveupdate.onStart=build needs <liveUpdate><image> to "
          + "build from");
    }
    return action;
  }

  /** One module's validated loop, ready to start. */
  record Launch(String module, LiveUpdateConfig config, SessionOptions options, RunBounds bounds,
      EventRenderer renderer) {}

  /** Runs every loop, in parallel when there are several; returns what went wrong, per module. */
  private List<String> runAll(List<Launch> launches) throws MojoExecutionException {
    if (launches.size() == 1) {
      return run(launches.get(0));
    }
    List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (Launch launch : launches) {
      Thread thread = new Thread(() -> {
        try {
          problems.addAll(run(launch));
        } catch (MojoExecutionException e) {
          problems.add(launch.module() + ": " + e.getMessage());
        }
      }, "liveupdate-dev-" + launch.module());
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

  private static List<String> run(Launch launch) throws MojoExecutionException {
    Optional<RunSummary> summary;
    try (DevSession session = DevSession.open(launch.config(), launch.options(),
        launch.renderer())) {
      summary = session.runUntilStopped(launch.bounds());
    } catch (ClusterException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("cannot watch " + launch.config().basedir() + ": "
          + e.getMessage(), e);
    }
    if (summary.isEmpty()) {
      return List.of();
    }
    String ended = "liveupdate:dev (" + launch.module() + ") ended after "
        + summary.get().updates() + " update(s)";
    if (summary.get().succeeded()) {
      launch.renderer().info(ended + ", all applied");
      return List.of();
    }
    return List.of(failureMessage(ended, summary.get()));
  }

  private static String failureMessage(String ended, RunSummary summary) {
    StringBuilder message = new StringBuilder(ended + "; not everything was applied:");
    summary.failures().forEach(f -> message.append(System.lineSeparator()).append("  ").append(f));
    if (summary.pendingChanges() > 0) {
      message.append(System.lineSeparator()).append("  ").append(summary.pendingChanges())
          .append(" change(s) still waiting for a container");
    }
    return message.toString();
  }
}
