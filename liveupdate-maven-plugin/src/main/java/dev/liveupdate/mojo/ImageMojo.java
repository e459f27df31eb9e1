package dev.liveupdate.mojo;

import dev.liveupdate.image.BuildEvent;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.jib.DevEntrypoint;
import dev.liveupdate.jib.DevImage;
import java.io.File;
import java.io.IOException;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Builds and pushes the dev image: your Jib image plus the live-update layer. The module's own
 * jib-maven-plugin builds it, from its own configuration, so it is the image
 * {@code mvn jib:build} pushes (base image, layers, entrypoint, JVM flags, main class,
 * environment, ports, labels, repository), plus one layer with the files of
 * {@code liveupdate.image.directory} at {@code /opt/liveupdate}, and the entrypoint run by the
 * live-update supervisor:
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m -cp /opt/liveupdate/liveupdate-supervisor.jar
 *      dev.liveupdate.supervisor.Supervisor -- &lt;the entrypoint Jib computed&gt;
 * </pre>
 *
 * <p>It is pushed to your {@code <to><image>} repository under its own tag
 * ({@code liveupdate-dev}), never under yours, and its digest is written to
 * {@code target/liveupdate/dev-image.digest}. Like {@code jib:build}, it needs the classes
 * compiled: run {@code mvn compile liveupdate:image}.
 *
 * @since 0.1.0
 */
@Mojo(name = "image", requiresDependencyResolution = ResolutionScope.RUNTIME_PLUS_SYSTEM,
    threadSafe = true)
public class ImageMojo extends AbstractMojo {

  /**
   * The local directory whose files make the live-update layer, at {@code /opt/liveupdate} in the
   * image. It must hold {@code liveupdate-supervisor.jar}, which the wrapped entrypoint runs; when
   * it does not, the supervisor jar this plugin comes with is put there.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.image.directory",
      defaultValue = "${project.build.directory}/liveupdate/opt")
  private File directory;

  /**
   * The tag the dev image is pushed under, in the repository of jib-maven-plugin's
   * {@code <to><image>}. It must differ from every tag {@code jib:build} pushes.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.image.tag", defaultValue = JibDevImage.DEFAULT_TAG)
  private String tag;

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.skip", defaultValue = "false")
  private boolean skip;

  /** The build: Jib runs inside it. */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** This module: its jib-maven-plugin configuration is the image's. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** This plugin: Jib loads the layer extension from its jar. */
  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  private final BuildPluginManager plugins;

  @Inject
  public ImageMojo(BuildPluginManager plugins) {
    this.plugins = plugins;
  }

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("liveupdate:image skipped (liveupdate.skip)");
      return;
    }
    if (!new File(directory, DevEntrypoint.SUPERVISOR_JAR).isFile()) {
      try {
        MavenJavaProject.placeSupervisor(directory.toPath());
      } catch (IOException e) {
        throw new MojoExecutionException("liveupdate:image cannot put the supervisor jar into "
            + directory + ": " + e.getMessage(), e);
      }
    }
    JibDevImage builder = new JibDevImage(session, () -> project, plugins, plugin,
        directory.toPath(), tag);
    DevImage image;
    try {
      image = builder.build(event -> {
        if (event instanceof BuildEvent.Started started) {
          getLog().info("Building the dev image " + started.to() + " with jib-maven-plugin");
        }
      });
    } catch (ImageBuildException e) {
      throw new MojoFailureException("liveupdate:image failed: " + e.getMessage(), e);
    }
    getLog().info("Dev image pushed: " + image.byDigest() + " (tag " + image.tagged() + ") in "
        + image.took().toMillis() + " ms");
  }
}
