package dev.liveupdate.jibext;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.maven.extension.JibMavenPluginExtension;
import com.google.cloud.tools.jib.maven.extension.MavenData;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;
import dev.liveupdate.jib.DevEntrypoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Turns the build plan of the module's {@code jib:build} into the dev image's: one more layer,
 * named {@value #LAYER_NAME}, holding the files of the directory given by the property
 * {@value #DIRECTORY_PROPERTY} at {@link DevEntrypoint#DIRECTORY}, and the entrypoint Jib
 * computed wrapped by {@link DevEntrypoint#wrap}. Everything else of the plan (base image, Jib's
 * layers, environment, ports, labels, user, working directory, {@code Cmd}) is kept as Jib made
 * it, after any extension the module configures itself.
 *
 * <p>The layer is reproducible: files get the time Jib gives its own ({@code 1970-01-01T00:00:01Z})
 * and mode 755 when executable, else 644, so an unchanged directory gives the same layer digest.
 */
public final class DevLayerExtension implements JibMavenPluginExtension<Void> {

  /** The property naming the local directory whose files form the layer (absolute). */
  public static final String DIRECTORY_PROPERTY = "directory";
  /**
   * The property saying, {@code true} or {@code false}, whether {@code spring-boot-devtools} is on
   * the app's runtime class path: the wrapped entrypoint then passes the DevTools options.
   */
  public static final String DEVTOOLS_PROPERTY = "devtools";
  /** The layer's name in Jib's build plan and logs. */
  public static final String LAYER_NAME = "liveupdate";

  private static final Instant FILE_TIME = FileEntriesLayer.DEFAULT_MODIFICATION_TIME;
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");

  @Override
  public Optional<Class<Void>> getExtraConfigType() {
    return Optional.empty();
  }

  @Override
  public ContainerBuildPlan extendContainerBuildPlan(ContainerBuildPlan buildPlan,
      Map<String, String> properties, Optional<Void> extraConfig, MavenData mavenData,
      ExtensionLogger logger) throws JibPluginExtensionException {
    List<String> entrypoint = buildPlan.getEntrypoint();
    if (entrypoint == null || entrypoint.isEmpty()) {
      throw new JibPluginExtensionException(getClass(), DevEntrypoint.INHERITED);
    }
    String directory = properties.get(DIRECTORY_PROPERTY);
    if (directory == null || directory.isBlank()) {
      throw new JibPluginExtensionException(getClass(),
          "<properties><" + DIRECTORY_PROPERTY + "> is not set: the directory to add at "
              + DevEntrypoint.DIRECTORY);
    }
    FileEntriesLayer layer;
    try {
      layer = layerOf(Path.of(directory));
    } catch (IOException e) {
      throw new JibPluginExtensionException(getClass(),
          "cannot read the live-update directory " + directory + ": " + e, e);
    }
    List<String> wrapped = DevEntrypoint.wrap(entrypoint,
        Boolean.parseBoolean(properties.get(DEVTOOLS_PROPERTY)));
    logger.log(ExtensionLogger.LogLevel.LIFECYCLE, "liveupdate: added " + DevEntrypoint.DIRECTORY
        + " (" + (layer.getEntries().size() - 1) + " entries from " + directory
        + ") and wrapped the entrypoint: " + String.join(" ", wrapped));
    return buildPlan.toBuilder().addLayer(layer).setEntrypoint(wrapped).build();
  }

  /** The layer of {@code directory}: its files and folders below {@link DevEntrypoint#DIRECTORY}. */
  static FileEntriesLayer layerOf(Path directory) throws IOException, JibPluginExtensionException {
    Path root = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new JibPluginExtensionException(DevLayerExtension.class,
          "the live-update directory " + root + " does not exist");
    }
    if (!Files.isRegularFile(root.resolve(DevEntrypoint.SUPERVISOR_JAR))) {
      throw new JibPluginExtensionException(DevLayerExtension.class,
          "the live-update directory " + root + " holds no " + DevEntrypoint.SUPERVISOR_JAR
              + ": the dev image's entrypoint runs it");
    }
    AbsoluteUnixPath target = AbsoluteUnixPath.get(DevEntrypoint.DIRECTORY);
    FileEntriesLayer.Builder layer = FileEntriesLayer.builder().setName(LAYER_NAME);
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
        AbsoluteUnixPath inContainer = path.equals(root) ? target
            : target.resolve(root.relativize(path).toString().replace('\\', '/'));
        if (Files.isDirectory(path)) {
          layer.addEntry(path, inContainer, FilePermissions.DEFAULT_FOLDER_PERMISSIONS, FILE_TIME);
        } else if (Files.isRegularFile(path)) {
          layer.addEntry(path, inContainer, Files.isExecutable(path) ? EXECUTABLE
              : FilePermissions.DEFAULT_FILE_PERMISSIONS, FILE_TIME);
        }
      }
    }
    return layer.build();
  }
}
