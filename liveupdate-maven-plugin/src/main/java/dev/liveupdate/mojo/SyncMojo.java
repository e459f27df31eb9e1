package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.EngineSession;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.OneShotSync;
import dev.liveupdate.engine.TargetCheck;
import dev.liveupdate.javaloop.JavaLoop;
import dev.liveupdate.javaloop.JavaSession;
import dev.liveupdate.kube.ClusterException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

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
 * <p>A module whose POM configures jib-maven-plugin needs no {@code <syncs>}: they are inferred
 * from Jib's layout and the workload is the one running Jib's image. The sources are compiled
 * first (whatever is stale), and each container's app is restarted after its copy; a container
 * without the live-update supervisor fails the sync, unless {@code -Dliveupdate.rebuild=true}
 * rolls out the dev image instead.
 *
 * @since 0.1.0
 */
@Mojo(name = "sync", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class SyncMojo extends AbstractLiveUpdateMojo {

  /**
   * Rebuild and roll out the image (the {@code <image>} configuration) when a difference cannot
   * be live-updated (a file matching {@code <fallBackOn>}), after the rest was synced. Without it
   * such a sync syncs the rest and fails, saying a rebuild is needed. For a Jib module without
   * {@code <syncs>}: roll out its dev image when a container runs no live-update supervisor,
   * instead of failing.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.rebuild", defaultValue = "false")
  private boolean rebuild;

  @Inject
  public SyncMojo(SettingsDecrypter decrypter, BuildPluginManager plugins,
      ProjectBuilder projectBuilder, RepositorySystem repositories) {
    super(decrypter, plugins, projectBuilder, repositories);
  }

  @Override
  String goal() {
    return "liveupdate:sync";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Optional<JavaLoopInputs> java = javaLoop(LiveUpdateConfig.DEFAULT_QUIET_PERIOD,
        LiveUpdateConfig.DEFAULT_MAX_BATCH_WAIT);
    LiveUpdateConfig config = java.isPresent() ? java.get().config() : config();
    EventRenderer renderer = renderer(goal());
    java.ifPresent(inputs -> inputs.rules().forEach(renderer::info));
    OneShotSync.Report report;
    EngineSession session;
    Optional<JavaLoop> loop = Optional.empty();
    try {
      if (java.isPresent()) {
        JavaSession opened = JavaSession.open(config, java.get().jibImage(),
            java.get().project(), options(OnStart.NONE), renderer);
        session = opened.engine();
        loop = Optional.of(opened.loop());
      } else {
        session = EngineSession.open(config, options(OnStart.NONE), renderer);
      }
    } catch (ClusterException e) {
      throw Failures.of(e.getMessage(), e);
    } catch (IOException e) {
      throw new MojoFailureException("liveupdate:sync cannot open the compiler: "
          + e.getMessage(), e);
    }
    try (session) {
      if (TargetCheck.run(session.cluster(), session.transports(), false)
          instanceof TargetCheck.NotReady notReady) {
        throw Failures.of("liveupdate:sync: no container to sync: " + notReady.waitingFor(),
            null);
      }
      if (loop.isPresent() && !ready(loop.get(), renderer)) {
        return;
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
    } finally {
      loop.ifPresent(JavaLoop::close);
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

  /**
   * A Jib module's start: stale sources compiled, and every container able to restart its app;
   * false when the dev image was rolled out instead, which leaves nothing to sync.
   */
  private boolean ready(JavaLoop loop, EventRenderer renderer)
      throws MojoFailureException, InterruptedException {
    JavaLoop.Start start = loop.start(rebuild);
    switch (start.state()) {
      case READY -> {
        return true;
      }
      case ROLLED_OUT -> {
        renderer.info("liveupdate:sync: the dev image, built from the module as it is, runs now;"
            + " nothing left to sync");
        return false;
      }
      case ROLLOUT_FAILED -> throw new MojoFailureException(
          "liveupdate:sync: rolling out the dev image failed (see above)");
      default -> throw new MojoFailureException("liveupdate:sync: " + String.join(", ",
          start.missing()) + (start.missing().size() == 1 ? " runs" : " run") + " no live-update"
          + " supervisor, so the app cannot be restarted with what is synced: run liveupdate:dev"
          + " once (it rolls out the dev image), or this goal with -Dliveupdate.rebuild=true");
    }
  }

  private static String lines(List<String> items) {
    return String.join("", items.stream().map(i -> System.lineSeparator() + "  " + i).toList());
  }
}
