package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.ModuleManifests;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.manifest.ManifestException;
import java.time.Duration;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.eclipse.aether.RepositorySystem;

/**
 * Deletes what the module's {@code <manifests>} describe, and nothing else: every object of those
 * files, in the namespace {@code liveupdate:dev} applies them to, workloads first, each with
 * background propagation as {@code kubectl delete} (their ReplicaSets and Pods go with them) and
 * waited for until it is gone. An object that is not there is reported and skipped. The opposite
 * of {@code liveupdate:dev}'s start, as Tilt's {@code tilt down}.
 *
 * @since 0.1.0
 */
@Mojo(name = "down", threadSafe = true,
    requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class DownMojo extends AbstractLiveUpdateMojo {

  @Inject
  public DownMojo(SettingsDecrypter decrypter, BuildPluginManager plugins,
      ProjectBuilder projectBuilder, RepositorySystem repositories) {
    super(decrypter, plugins, projectBuilder, repositories);
  }

  @Override
  String goal() {
    return "liveupdate:down";
  }

  @Override
  void run() throws MojoExecutionException, MojoFailureException {
    Optional<JavaLoopInputs> java = javaLoop(LiveUpdateConfig.DEFAULT_QUIET_PERIOD,
        LiveUpdateConfig.DEFAULT_MAX_BATCH_WAIT);
    LiveUpdateConfig config = java.isPresent() ? java.get().config() : config();
    if (config.manifests().isEmpty()) {
      throw new MojoExecutionException("liveupdate:down deletes what <liveUpdate><manifests> "
          + "describe, and this module has none: add <manifests><manifest>k8s</manifest>"
          + "</manifests>, or delete the objects with kubectl");
    }
    long start = System.nanoTime();
    int existed;
    try {
      existed = new ModuleManifests(config, options(OnStart.NONE),
          event -> getLog().info(ManifestLines.of(event))).delete();
    } catch (ManifestException | ClusterException e) {
      throw Failures.of(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("liveupdate:down was interrupted", e);
    }
    getLog().info("liveupdate:down deleted " + Plural.of(existed, "object") + " in "
        + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
  }
}
