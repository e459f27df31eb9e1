package dev.liveupdate.mojo;

import dev.liveupdate.config.InvalidConfigException;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.LiveUpdateConfigReader;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.engine.DevSession;
import dev.liveupdate.engine.RunBounds;
import dev.liveupdate.engine.RunSummary;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.kube.ClusterException;
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Watches the module and live-updates every running container of the target workload on each
 * change: changed files are copied in, deleted ones removed, triggered commands run. Blocks until
 * Ctrl-C, or until {@code liveupdate.maxUpdates} or {@code liveupdate.idleTimeout} is reached.
 *
 * @since 0.1.0
 */
@Mojo(name = "dev", threadSafe = true)
public class DevMojo extends AbstractMojo {

  /**
   * What to watch, where it goes and what runs: {@code <target>}, {@code <syncs>},
   * {@code <runs>}, {@code <fallBackOn>}, {@code <ignores>}. See the configuration page.
   *
   * @since 0.1.0
   */
  @Parameter
  private LiveUpdateXml liveUpdate;

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
    LiveUpdateConfig config;
    try {
      config = LiveUpdateConfigReader.read(liveUpdate, basedir.toPath(), buildDirectory.toPath(),
          Duration.ofMillis(quietPeriod), Duration.ofMillis(maxBatchWait));
    } catch (InvalidConfigException e) {
      // Not chained: Maven would print every problem a second time after the first line.
      throw new MojoExecutionException("Invalid liveupdate-maven-plugin configuration:"
          + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ",
          e.problems()));
    }
    SessionOptions options = new SessionOptions(Optional.ofNullable(kubeconfig).map(File::toPath),
        Optional.ofNullable(context).filter(s -> !s.isBlank()),
        Optional.ofNullable(namespace).filter(s -> !s.isBlank()),
        Duration.ofSeconds(runTimeout));
    RunBounds bounds;
    try {
      bounds = new RunBounds(maxUpdates, Duration.ofSeconds(idleTimeout));
    } catch (IllegalArgumentException e) {
      throw new MojoExecutionException("liveupdate.maxUpdates and liveupdate.idleTimeout must not "
          + "be negative, got " + maxUpdates + " and " + idleTimeout);
    }
    EventRenderer renderer = new EventRenderer(getLog(), basedir.toPath());
    Optional<RunSummary> summary;
    try (DevSession session = DevSession.open(config, options, renderer)) {
      summary = session.runUntilStopped(bounds);
    } catch (ClusterException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new MojoExecutionException("cannot watch " + basedir + ": " + e.getMessage(), e);
    }
    if (summary.isPresent()) {
      report(summary.get());
    }
  }

  private void report(RunSummary summary) throws MojoFailureException {
    if (summary.succeeded()) {
      getLog().info("liveupdate:dev ended after " + summary.updates() + " update(s), all applied");
      return;
    }
    StringBuilder message = new StringBuilder("liveupdate:dev ended after " + summary.updates()
        + " update(s); not everything was applied:");
    summary.failures().forEach(f -> message.append(System.lineSeparator()).append("  ").append(f));
    if (summary.pendingChanges() > 0) {
      message.append(System.lineSeparator()).append("  ").append(summary.pendingChanges())
          .append(" change(s) still waiting for a container");
    }
    throw new MojoFailureException(message.toString());
  }
}
