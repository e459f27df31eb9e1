package dev.liveupdate.mojo;

import dev.liveupdate.jib.JibSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Reads a module's {@code com.google.cloud.tools:jib-maven-plugin} configuration into
 * {@link JibSettings}, with Jib's own precedence: for each value that has a {@code jib.*}
 * property, a user property ({@code -D}) first, then a property of the POM, then a system
 * property, then the POM's {@code <configuration>}; {@code -Dimage} before {@code jib.to.image}.
 * The configuration is the one {@code mvn jib:build} runs with: a {@code default-cli}
 * execution's if the POM has one (Maven has merged the plugin-level one into it), else the
 * plugin-level one. List properties are split at commas not preceded by a backslash, map
 * properties are {@code key=value} pairs, as Jib parses them.
 */
final class JibSettingsReader {

  /** The plugin's key, {@code groupId:artifactId}. */
  static final String JIB_PLUGIN = "com.google.cloud.tools:jib-maven-plugin";

  private final MavenProject project;
  private final Properties userProperties;
  private final Properties systemProperties;

  private JibSettingsReader(MavenProject project, Properties user, Properties system) {
    this.project = project;
    this.userProperties = user;
    this.systemProperties = system;
  }

  /**
   * The module's Jib settings, or empty if its {@code <build><plugins>} has no jib-maven-plugin.
   *
   * @param userProperties   the session's user properties ({@code -D})
   * @param systemProperties the session's system properties
   */
  static Optional<JibSettings> read(MavenProject project, Properties userProperties,
      Properties systemProperties) {
    Plugin jib = project.getPlugin(JIB_PLUGIN);
    if (jib == null) {
      return Optional.empty();
    }
    return Optional.of(new JibSettingsReader(project, userProperties, systemProperties)
        .settings(effectiveConfiguration(jib)));
  }

  /** The configuration {@code mvn jib:build} runs with; an empty one if the POM has none. */
  static Xpp3Dom effectiveConfiguration(Plugin jib) {
    for (PluginExecution execution : jib.getExecutions()) {
      if ("default-cli".equals(execution.getId()) && execution.getConfiguration() != null) {
        return (Xpp3Dom) execution.getConfiguration();
      }
    }
    Object configuration = jib.getConfiguration();
    return configuration == null ? new Xpp3Dom("configuration") : (Xpp3Dom) configuration;
  }

  private JibSettings settings(Xpp3Dom config) {
    Path basedir = project.getBasedir().toPath();
    JibSettings.Builder settings = JibSettings.builder(basedir)
        .packaging(project.getPackaging())
        .outputDirectory(Path.of(project.getBuild().getOutputDirectory()))
        .buildDirectory(Path.of(project.getBuild().getDirectory()))
        .pomFiles(pomFiles());
    property("image").or(() -> property("jib.to.image"))
        .or(() -> text(config, "to", "image")).ifPresent(settings::toImage);
    settings.toTags(list("jib.to.tags", config, "to", "tags"));
    property("jib.from.image").or(() -> text(config, "from", "image"))
        .ifPresent(settings::fromImage);
    settings.appRoot(property("jib.container.appRoot")
        .or(() -> text(config, "container", "appRoot")).orElse(""));
    settings.containerizingMode(property("jib.containerizingMode")
        .or(() -> text(config, "containerizingMode")).orElse("exploded"));
    settings.jvmFlags(list("jib.container.jvmFlags", config, "container", "jvmFlags"));
    property("jib.container.mainClass").or(() -> text(config, "container", "mainClass"))
        .ifPresent(settings::mainClass);
    optionalList("jib.container.entrypoint", config, "container", "entrypoint")
        .ifPresent(settings::entrypoint);
    optionalList("jib.container.args", config, "container", "args").ifPresent(settings::args);
    settings.environment(map("jib.container.environment", config, "container", "environment"));
    settings.ports(list("jib.container.ports", config, "container", "ports"));
    settings.labels(map("jib.container.labels", config, "container", "labels"));
    extraDirectories(config, basedir).forEach(settings::extraDirectory);
    permissions(config).forEach(settings::permission);
    // a Maven parameter with property=jib.skip: the POM's value first, then the property
    settings.skip(Boolean.parseBoolean(text(config, "skip")
        .or(() -> mavenProperty("jib.skip")).orElse("false")));
    return settings.build();
  }

  private List<Path> pomFiles() {
    List<Path> poms = new ArrayList<>();
    poms.add(project.getFile() != null ? project.getFile().toPath()
        : project.getBasedir().toPath().resolve("pom.xml"));
    for (MavenProject p = project; p != null && p.getParentFile() != null; p = p.getParent()) {
      poms.add(p.getParentFile().toPath().toAbsolutePath().normalize());
    }
    return poms;
  }

  private List<JibSettings.ExtraDirectory> extraDirectories(Xpp3Dom config, Path basedir) {
    List<JibSettings.ExtraDirectory> extras = new ArrayList<>();
    Optional<String> property = property("jib.extraDirectories.paths");
    if (property.isPresent()) {
      for (String path : splitList(property.get())) {
        extras.add(new JibSettings.ExtraDirectory(resolve(basedir, path), "/", List.of(),
            List.of(), false));
      }
      return extras;
    }
    Xpp3Dom paths = child(config, "extraDirectories", "paths");
    if (paths == null) {
      return extras;
    }
    for (Xpp3Dom path : paths.getChildren()) {
      if (path.getChildCount() == 0) { // <path>src/main/custom</path>: into "/"
        extras.add(new JibSettings.ExtraDirectory(resolve(basedir, value(path)), "/", List.of(),
            List.of(), false));
      } else {
        extras.add(new JibSettings.ExtraDirectory(
            resolve(basedir, text(path, "from").orElse("")),
            text(path, "into").orElse("/"), values(path.getChild("includes")),
            values(path.getChild("excludes")), false));
      }
    }
    return extras;
  }

  private Map<String, String> permissions(Xpp3Dom config) {
    Optional<String> property = property("jib.extraDirectories.permissions");
    if (property.isPresent()) {
      return splitMap(property.get());
    }
    Map<String, String> permissions = new LinkedHashMap<>();
    Xpp3Dom list = child(config, "extraDirectories", "permissions");
    if (list != null) {
      for (Xpp3Dom permission : list.getChildren()) {
        Optional<String> file = text(permission, "file");
        Optional<String> mode = text(permission, "mode");
        if (file.isPresent() && mode.isPresent()) {
          permissions.put(file.get(), mode.get());
        }
      }
    }
    return permissions;
  }

  /** Jib's property lookup: user properties, then the POM's, then system properties. */
  private Optional<String> property(String name) {
    if (userProperties.containsKey(name)) {
      return Optional.of(userProperties.getProperty(name));
    }
    if (project.getProperties().containsKey(name)) {
      return Optional.of(project.getProperties().getProperty(name));
    }
    return Optional.ofNullable(systemProperties.getProperty(name));
  }

  /** Maven's lookup for a parameter's {@code property}: -D and system, then the POM's. */
  private Optional<String> mavenProperty(String name) {
    String value = userProperties.getProperty(name, systemProperties.getProperty(name));
    return Optional.ofNullable(value != null ? value : project.getProperties().getProperty(name));
  }

  private List<String> list(String property, Xpp3Dom config, String... path) {
    return optionalList(property, config, path).orElse(List.of());
  }

  private Optional<List<String>> optionalList(String property, Xpp3Dom config, String... path) {
    Optional<String> value = property(property);
    if (value.isPresent()) {
      return Optional.of(splitList(value.get()));
    }
    Xpp3Dom node = child(config, path);
    if (node == null) {
      return Optional.empty();
    }
    // <entrypoint><arg>a</arg>…</entrypoint>, or Maven's comma-separated <entrypoint>a,b</entrypoint>
    return Optional.of(node.getChildCount() > 0 ? values(node)
        : value(node).isEmpty() ? List.of() : List.of(value(node).split(",")).stream()
            .map(String::trim).toList());
  }

  private Map<String, String> map(String property, Xpp3Dom config, String... path) {
    Optional<String> value = property(property);
    if (value.isPresent()) {
      return splitMap(value.get());
    }
    Map<String, String> map = new LinkedHashMap<>();
    Xpp3Dom node = child(config, path);
    if (node != null) {
      for (Xpp3Dom entry : node.getChildren()) {
        map.put(entry.getName(), value(entry));
      }
    }
    return map;
  }

  /** Jib's list syntax: split at commas, {@code \,} is a comma inside an item. */
  static List<String> splitList(String value) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() && value.charAt(i + 1) == ',') {
        item.append(',');
        i++;
      } else if (c == ',') {
        items.add(item.toString());
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    items.add(item.toString());
    return items;
  }

  /** Jib's map syntax: {@code key=value} items of {@link #splitList}. */
  static Map<String, String> splitMap(String value) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String item : splitList(value)) {
      int equals = item.indexOf('=');
      if (equals > 0) {
        map.put(item.substring(0, equals), item.substring(equals + 1));
      }
    }
    return map;
  }

  private static Path resolve(Path basedir, String path) {
    Path local = new File(path).toPath();
    return (local.isAbsolute() ? local : basedir.resolve(local)).toAbsolutePath().normalize();
  }

  private static Optional<String> text(Xpp3Dom config, String... path) {
    Xpp3Dom node = child(config, path);
    return node == null || value(node).isEmpty() ? Optional.empty() : Optional.of(value(node));
  }

  private static Xpp3Dom child(Xpp3Dom config, String... path) {
    Xpp3Dom node = config;
    for (String name : path) {
      if (node == null) {
        return null;
      }
      node = node.getChild(name);
    }
    return node;
  }

  private static List<String> values(Xpp3Dom node) {
    if (node == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (Xpp3Dom child : node.getChildren()) {
      values.add(value(child));
    }
    return values;
  }

  private static String value(Xpp3Dom node) {
    return node.getValue() == null ? "" : node.getValue().trim();
  }
}
