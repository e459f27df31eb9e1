package dev.liveupdate.mojo;

import dev.liveupdate.config.JavaApp;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.LiveUpdateConfigReader;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.javaloop.InferredSyncs;
import dev.liveupdate.javaloop.JavaProject;
import dev.liveupdate.jib.JibLayout;
import dev.liveupdate.jib.JibSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;

/**
 * What {@code dev} and {@code sync} need to run the Java loop on a module whose POM configures
 * jib-maven-plugin and whose {@code <liveUpdate>} has no {@code <syncs>} (or which has no
 * {@code <liveUpdate>} at all): the syncs Jib's layout implies, the configuration read around them,
 * the image Jib pushes (the target is found by it), and the project.
 *
 * @param config   the validated configuration, its target possibly to be found by image
 * @param jibImage jib-maven-plugin's {@code <to><image>}
 * @param project  the module, for the compiler and the dev image
 * @param rules    the lines saying what was inferred, printed at start
 */
record JavaLoopInputs(LiveUpdateConfig config, String jibImage, JavaProject project,
    List<String> rules) {

  /** Whether the goal runs the Java loop: jib-maven-plugin in the build, and no {@code <syncs>}. */
  static boolean applies(MavenProject project, LiveUpdateXml xml) {
    return project.getPlugin(JibSettingsReader.JIB_PLUGIN) != null
        && (xml == null || xml.getSyncs().isEmpty());
  }

  /**
   * Reads Jib's settings and the configuration; fails, naming what to configure, when live update
   * cannot follow Jib's layout (packaged mode, a WAR, ...) or the configuration is invalid.
   *
   * @param userProperties   the session's ({@code -D}), which Jib reads first
   * @param systemProperties the session's
   * @param projectFactory   makes the project of the loop, once everything else checked out
   */
  static JavaLoopInputs read(MavenProject project, Properties userProperties,
      Properties systemProperties, LiveUpdateParameter.Bound bound, String namespace,
      Duration quietPeriod, Duration maxBatchWait, ProjectFactory projectFactory)
      throws MojoExecutionException {
    JibSettings jib = JibSettingsReader.read(project, userProperties, systemProperties)
        .orElseThrow();
    JibLayout.Result layout = JibLayout.infer(jib);
    if (layout instanceof JibLayout.Unsupported unsupported) {
      throw new MojoExecutionException("liveupdate cannot infer what to sync from "
          + "jib-maven-plugin: " + unsupported.reason());
    }
    if (jib.skip()) {
      throw new MojoExecutionException("liveupdate infers what to sync from jib-maven-plugin, "
          + "which is skipped in " + project.getArtifactId() + " (<skip>, jib.skip): unskip it, "
          + "or configure <liveUpdate><syncs> yourself");
    }
    String image = jib.toImage().orElseThrow(() -> new MojoExecutionException(
        "jib-maven-plugin has no <to><image> (nor -Dimage or jib.to.image): liveupdate finds "
            + "the workload running it, and pushes the dev image to its repository; set it"));
    JibLayout.Inferred inferred = (JibLayout.Inferred) layout;
    List<SyncRule> syncs = InferredSyncs.rules(inferred, jib.outputDirectory());
    JavaApp app = InferredSyncs.app(inferred, jib.outputDirectory());
    LiveUpdateConfig config = GoalInputs.config(bound, namespace,
        () -> LiveUpdateConfigReader.readInferred(bound.xml(), jib.basedir(),
            jib.buildDirectory(), quietPeriod, maxBatchWait, syncs, app));
    return new JavaLoopInputs(config, image, projectFactory.create(), inferred.describe());
  }

  /** Makes the loop's project. */
  @FunctionalInterface
  interface ProjectFactory {
    JavaProject create() throws MojoExecutionException;
  }
}
