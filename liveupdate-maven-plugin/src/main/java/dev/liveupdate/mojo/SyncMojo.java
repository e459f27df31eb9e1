package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.EngineSession;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.OneShotSync;
import dev.liveupdate.engine.TargetCheck;
import dev.liveupdate.kube.ClusterException;
import java.io.IOException;
import java.util.List;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

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
 * {@code <fallBackOn>} cannot be live-updated; the rest is applied, and then, with
 * {@code -Dliveupdate.rebuild=true} and an {@code <image>}, the image is rebuilt and rolled out;
 * without, the build fails saying a rebuild is needed.
 *
 * @since 0.1.0
 */
@Mojo(name = "sync", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true)
public class SyncMojo extends AbstractLiveUpdateMojo {

  /**
   * Rebuild and roll out the image (the {@code <image>} configuration) when a difference cannot
   * be live-updated (a file matching {@code <fallBackOn>}), after the rest was synced. Without it
   * such a sync syncs the rest and fails, saying a rebuild is needed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.rebuild", defaultValue = "false")
  private boolean rebuild;

  @Inject
  public SyncMojo(SettingsDecrypter decrypter) {
    super(decrypter);
  }

  @Override
  String goal() {
    return "liveupdate:sync";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    LiveUpdateConfig config = config();
    OneShotSync.Report report;
    EngineSession session;
    try {
      session = EngineSession.open(config, options(OnStart.NONE), renderer(goal()));
    } catch (ClusterException e) {
      throw Failures.of(e.getMessage(), e);
    }
    try (session) {
      if (TargetCheck.run(session.cluster()) instanceof TargetCheck.NotReady notReady) {
        throw Failures.of("liveupdate:sync: no container to sync: " + notReady.waitingFor(),
            null);
      }
      report = new OneShotSync(session, session.policy(rebuild,
          "run liveupdate:sync with -Dliveupdate.rebuild=true to have it rebuilt and rolled out"))
          .run();
    } catch (ClusterException e) {
      throw Failures.of("liveupdate:sync failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoFailureException("liveupdate:sync cannot read " + basedir() + ": "
          + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoFailureException("liveupdate:sync was interrupted", e);
    }
    if (!report.failures().isEmpty()) {
      MojoFailureException failure = Failures.of(
          "liveupdate:sync failed: " + lines(report.failures()), null);
      report.causes().forEach(failure::addSuppressed);
      throw failure;
    }
    switch (report.rebuild()) {
      case NONE, DONE -> { }
      case FAILED -> throw new MojoFailureException(
          "liveupdate:sync: the rebuild failed (see above)");
      case NEEDED -> throw new MojoFailureException("liveupdate:sync: the containers need an"
          + " image rebuild; everything else was synced. " + (config.image().isEmpty()
              ? "Configure <liveUpdate><image> and run with -Dliveupdate.rebuild=true"
              : "Run with -Dliveupdate.rebuild=true") + " to rebuild and roll out:"
          + lines(report.rebuildReasons()));
    }
  }

  private static String lines(List<String> items) {
    return String.join("", items.stream().map(i -> System.lineSeparator() + "  " + i).toList());
  }
}
