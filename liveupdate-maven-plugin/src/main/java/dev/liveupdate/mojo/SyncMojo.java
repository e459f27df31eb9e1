package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.engine.OneShotSync;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.Rebuilder;
import dev.liveupdate.ignore.ModuleIgnores;
import dev.liveupdate.image.JibImageBuilder;
import dev.liveupdate.engine.TargetCluster;
import dev.liveupdate.kube.ClusterException;
import java.io.File;
import javax.inject.Inject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Brings every running container of the target workload up to date with the module, once, and
 * ends: for each {@code <sync>}, what differs (by SHA-256 and execute bit, read from each container
 * in one exec) is copied, what is gone locally is deleted, and the {@code <runs>} whose triggers
 * match what was copied or deleted run. Fails the build when a container cannot be brought up to
 * date, a run step fails, or no container runs. Meant for a build that updates a dev cluster
 * before its integration tests: bind it to {@code pre-integration-test}.
 *
 * <p>A sync compares trees, so a change "matching no sync" has no meaning here: files outside
 * the sync sources are never looked at. A differing file inside a sync source that matches
 * {@code <fallBackOn>} cannot be live-updated; the rest is applied, and the build fails saying a
 * rebuild is needed.
 *
 * @since 0.1.0
 */
@Mojo(name = "sync", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class SyncMojo extends AbstractMojo {

  /** The dev loop's batching settings: read and validated, unused by a one-shot sync. */
  private static final Duration UNUSED_QUIET_PERIOD = Duration.ofMillis(50);
  private static final Duration UNUSED_MAX_BATCH_WAIT = Duration.ofSeconds(1);
  private static final Duration COPY_TIMEOUT = Duration.ofMinutes(2);

  /**
   * What to sync, where it goes and what runs: {@code <target>}, {@code <syncs>}, {@code <runs>},
   * {@code <fallBackOn>}, {@code <ignores>}; the same configuration as {@code liveupdate:dev}.
   *
   * @since 0.1.0
   */
  @Parameter
  private LiveUpdateXml liveUpdate;

  /** The module's base directory: local paths of the configuration are relative to it. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  private File basedir;

  /** The module's build directory, never synced unless it is, or holds, a sync source. */
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
   * Seconds a run step may take in a container before the sync fails.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.runTimeout", defaultValue = "600")
  private long runTimeout;

  /**
   * Rebuild and roll out the image (the {@code <image>} configuration) when a difference cannot
   * be live-updated (a file matching {@code <fallBackOn>}). Without it such a sync syncs the rest
   * and fails, saying a rebuild is needed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.rebuild", defaultValue = "false")
  private boolean rebuild;

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.skip", defaultValue = "false")
  private boolean skip;

  /**
   * Seconds the rollout after a rebuild may take.
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
  public SyncMojo(SettingsDecrypter decrypter) {
    this.decrypter = decrypter;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("liveupdate:sync skipped (liveupdate.skip)");
      return;
    }
    LiveUpdateConfig config = GoalInputs.config(liveUpdate, basedir, buildDirectory,
        UNUSED_QUIET_PERIOD, UNUSED_MAX_BATCH_WAIT);
    SessionOptions options = GoalInputs.options(kubeconfig, context, namespace, runTimeout,
        rolloutTimeout, new SettingsCredentials(settings, decrypter), OnStart.NONE);
    OneShotSync.Report report = sync(config, options);
    if (!report.failures().isEmpty()) {
      throw new MojoFailureException("liveupdate:sync failed: " + lines(report.failures()));
    }
    if (report.rebuildReasons().isEmpty()) {
      return;
    }
    String reasons = String.join("; ", report.rebuildReasons());
    if (!rebuild || config.image().isEmpty()) {
      throw new MojoFailureException("liveupdate:sync: the containers need an image rebuild;"
          + " everything else was synced. " + (config.image().isEmpty()
              ? "Configure <liveUpdate><image> and run with -Dliveupdate.rebuild=true"
              : "Run with -Dliveupdate.rebuild=true") + " to rebuild and roll out:"
          + lines(report.rebuildReasons()));
    }
    rebuild(config, options, reasons);
  }

  private void rebuild(LiveUpdateConfig config, SessionOptions options, String reasons)
      throws MojoFailureException {
    EventRenderer renderer = new EventRenderer(getLog(), basedir.toPath());
    try (var cluster = TargetCluster.connect(config, options).cluster()) {
      Rebuilder rebuilder = new Rebuilder(config.image().orElseThrow(), ModuleIgnores.forImage(config),
          new JibImageBuilder(JibImageBuilder.cacheDirectoryIn(config.buildDir()),
              options.credentials()), cluster, renderer, options.rolloutTimeout());
      if (!rebuilder.rebuild(reasons)) {
        throw new MojoFailureException("liveupdate:sync: the rebuild failed (see above)");
      }
    } catch (ClusterException e) {
      throw new MojoFailureException("liveupdate:sync failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoFailureException("liveupdate:sync was interrupted", e);
    }
  }

  private OneShotSync.Report sync(LiveUpdateConfig config, SessionOptions options)
      throws MojoFailureException {
    EventRenderer renderer = new EventRenderer(getLog(), basedir.toPath());
    TargetCluster target;
    try {
      target = TargetCluster.connect(config, options);
    } catch (ClusterException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    try (var cluster = target.cluster()) {
      return new OneShotSync(config, cluster, target.description(), renderer, COPY_TIMEOUT,
          options.runTimeout()).run();
    } catch (ClusterException e) {
      throw new MojoFailureException("liveupdate:sync failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoFailureException("liveupdate:sync cannot read " + basedir + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoFailureException("liveupdate:sync was interrupted", e);
    }
  }

  private static String lines(List<String> items) {
    return String.join("", items.stream().map(i -> System.lineSeparator() + "  " + i).toList());
  }
}
