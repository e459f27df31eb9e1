package dev.liveupdate.mojo;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.liveupdate.image.BuildEvent;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.jib.DevImage;
import dev.liveupdate.jib.DevImageBuilder;
import dev.liveupdate.jib.JibSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.InvalidPluginDescriptorException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginConfigurationException;
import org.apache.maven.plugin.PluginDescriptorParsingException;
import org.apache.maven.plugin.PluginManagerException;
import org.apache.maven.plugin.PluginNotFoundException;
import org.apache.maven.plugin.PluginResolutionException;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;

/**
 * Builds the dev image with the module's own jib-maven-plugin, in this Maven process: its
 * {@code build} goal runs through Maven's {@link BuildPluginManager} with the module's own
 * configuration, in the version the POM names, plus {@link JibExecution}'s additions. So the
 * image is what {@code mvn jib:build} builds (same base, layers, entrypoint, credentials, cache),
 * with one more layer and the entrypoint wrapped, both done by Jib's extension mechanism once Jib
 * has computed everything else.
 *
 * <p>Three values are given to Jib as user properties for the length of the build, since Jib
 * reads properties before the POM: {@code image} (the user's repository under {@link #tag}),
 * {@code jib.to.tags} (only that tag, so none of the user's tags is pushed) and
 * {@code jib.outputPaths.*} ({@code target/liveupdate/dev-image.*}, so the user's
 * {@code target/jib-image.digest} stays the user's image's). They are restored afterwards; one
 * build runs at a time in the JVM.
 */
public final class JibDevImage implements DevImageBuilder {

  /** The tag the dev image is pushed under, unless configured. */
  public static final String DEFAULT_TAG = "liveupdate-dev";

  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Object ONE_BUILD_AT_A_TIME = new Object();

  private final MavenSession session;
  private final Supplier<MavenProject> project;
  private final BuildPluginManager plugins;
  private final PluginDescriptor self;
  private final Path directory;
  private final String tag;

  /**
   * @param session   the build
   * @param project   the module as it should be built; a supplier so a caller that re-reads the
   *                  POM after a change can hand in the new model (its dependencies resolved)
   * @param plugins   Maven's plugin manager
   * @param self      this plugin's descriptor ({@code ${plugin}}), whose jar Jib loads the
   *                  layer extension from
   * @param directory the local directory whose files go to {@code /opt/liveupdate}; must hold
   *                  {@code liveupdate-supervisor.jar}
   * @param tag       the tag to push under, {@link #DEFAULT_TAG} by default
   */
  public JibDevImage(MavenSession session, Supplier<MavenProject> project,
      BuildPluginManager plugins, PluginDescriptor self, Path directory, String tag) {
    this.session = session;
    this.project = project;
    this.plugins = plugins;
    this.self = self;
    this.directory = directory.toAbsolutePath().normalize();
    this.tag = tag;
  }

  @Override
  public DevImage build(BuildListener listener) throws ImageBuildException {
    long start = System.nanoTime();
    MavenProject module = project.get();
    JibSettings jib = JibSettingsReader.read(module, session.getUserProperties(),
        session.getSystemProperties()).orElseThrow(() -> new ImageBuildException("",
            "cannot build the dev image: " + module.getArtifactId() + " has no "
                + JibSettingsReader.JIB_PLUGIN + " in <build><plugins>", null));
    ImageReference target = target(jib);
    String tagged = ImageReference.of(target.getRegistry(), target.getRepository(), tag, null)
        .toString();
    Path outputs = jib.buildDirectory().resolve("liveupdate");
    Path digestFile = outputs.resolve("dev-image.digest");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("image", tagged);
    properties.put("jib.to.tags", tag);
    properties.put("jib.outputPaths.digest", digestFile.toString());
    properties.put("jib.outputPaths.imageId", outputs.resolve("dev-image.id").toString());
    properties.put("jib.outputPaths.imageJson", outputs.resolve("dev-image.json").toString());
    listener.on(new BuildEvent.Started(jib.fromImage().orElse("Jib's default base image"),
        tagged));
    try {
      Files.createDirectories(outputs);
      Files.deleteIfExists(digestFile);
    } catch (IOException e) {
      throw new ImageBuildException(tagged, "cannot build the dev image " + tagged
          + ": cannot prepare " + outputs + ": " + e, e);
    }
    runJib(module, tagged, properties);
    String digest;
    try {
      digest = Files.readString(digestFile, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new ImageBuildException(tagged, "jib-maven-plugin built no dev image " + tagged
          + " (no " + digestFile + "): is Jib skipped (<skip>, jib.skip, jib.containerize)?", e);
    }
    String byDigest = ImageReference.of(target.getRegistry(), target.getRepository(), null, digest)
        .toString();
    listener.on(new BuildEvent.Log(BuildEvent.Level.LIFECYCLE,
        "pushed the dev image " + tagged + " as " + byDigest));
    return new DevImage(tagged, digest, byDigest, Duration.ofNanos(System.nanoTime() - start));
  }

  private ImageReference target(JibSettings jib) throws ImageBuildException {
    String to = jib.toImage().orElseThrow(() -> new ImageBuildException("",
        "cannot build the dev image: jib-maven-plugin has no <to><image> (nor -Dimage or "
            + "jib.to.image); the dev image is pushed to that repository", null));
    if (!TAG.matcher(tag).matches()) {
      throw new ImageBuildException(to, "the dev image tag must be a valid image tag "
          + "(letters, digits, '_', '.', '-', at most 128), got '" + tag + "'", null);
    }
    ImageReference reference;
    try {
      reference = ImageReference.parse(to);
    } catch (InvalidImageReferenceException e) {
      throw new ImageBuildException(to, "cannot build the dev image: jib-maven-plugin <to><image> '"
          + to + "' is not an image reference", e);
    }
    if (tag.equals(reference.getTag().orElse("latest")) || jib.toTags().contains(tag)) {
      throw new ImageBuildException(to, "the dev image tag '" + tag + "' is one jib:build pushes "
          + "(<to><image> " + to + ", <to><tags> " + jib.toTags() + "): the dev image would "
          + "overwrite your image; choose another with -Dliveupdate.image.tag", null);
    }
    return reference;
  }

  private void runJib(MavenProject module, String tagged, Map<String, String> properties)
      throws ImageBuildException {
    synchronized (ONE_BUILD_AT_A_TIME) {
      Properties user = session.getUserProperties();
      Map<String, String> saved = new LinkedHashMap<>();
      properties.keySet().forEach(key -> saved.put(key, user.getProperty(key)));
      MavenProject previous = session.getCurrentProject();
      try {
        Plugin jib = module.getPlugin(JibSettingsReader.JIB_PLUGIN).clone();
        PluginDescriptor descriptor = plugins.loadPlugin(JibExecution.withLayerExtension(jib, self),
            module.getRemotePluginRepositories(), session.getRepositorySession());
        MojoDescriptor build = descriptor.getMojo("build");
        if (build == null) {
          throw new ImageBuildException(tagged, "jib-maven-plugin " + jib.getVersion()
              + " has no build goal", null);
        }
        MojoExecution execution = JibExecution.of(build,
            JibSettingsReader.effectiveConfiguration(jib), directory, hasDevTools(module));
        properties.forEach(user::setProperty);
        session.setCurrentProject(module);
        plugins.executeMojo(session, execution);
      } catch (PluginNotFoundException | PluginResolutionException
          | PluginDescriptorParsingException | InvalidPluginDescriptorException
          | MojoExecutionException | MojoFailureException | PluginConfigurationException
          | PluginManagerException | RuntimeException e) {
        throw new ImageBuildException(tagged, "jib-maven-plugin could not build the dev image "
            + tagged + ": " + e.getMessage(), e);
      } finally {
        saved.forEach((key, value) -> {
          if (value == null) {
            user.remove(key);
          } else {
            user.setProperty(key, value);
          }
        });
        session.setCurrentProject(previous);
      }
    }
  }

  /** The Spring Boot DevTools artifact; on the runtime class path, the dev image restarts through it. */
  static final String DEVTOOLS = "org.springframework.boot:spring-boot-devtools";
  private static final java.util.Set<String> IMAGE_SCOPES = java.util.Set.of("compile", "runtime",
      "system");

  /** Whether {@link #DEVTOOLS} is among the module's resolved compile, runtime or system artifacts. */
  static boolean hasDevTools(MavenProject module) {
    return module.getArtifacts().stream().anyMatch(a -> IMAGE_SCOPES.contains(a.getScope())
        && DEVTOOLS.equals(a.getGroupId() + ":" + a.getArtifactId()));
  }
}
