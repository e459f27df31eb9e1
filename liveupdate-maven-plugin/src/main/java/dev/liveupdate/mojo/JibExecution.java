package dev.liveupdate.mojo;

import java.nio.file.Path;
import org.apache.maven.lifecycle.internal.MojoDescriptorCreator;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Exclusion;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What {@link JibDevImage} adds to the module's jib-maven-plugin to make the dev image: this
 * plugin's jar as a dependency of Jib's (without its own dependencies: Jib's class realm already
 * has everything the extension uses), and the extension in {@code <pluginExtensions>}, after the
 * module's own.
 */
final class JibExecution {

  /** {@code dev.liveupdate.jibext.DevLayerExtension}; a string, since this realm cannot load it. */
  static final String EXTENSION = "dev.liveupdate.jibext.DevLayerExtension";
  /** {@code DevLayerExtension.DIRECTORY_PROPERTY}. */
  static final String DIRECTORY_PROPERTY = "directory";
  /** {@code DevLayerExtension.DEVTOOLS_PROPERTY}. */
  static final String DEVTOOLS_PROPERTY = "devtools";
  /** The execution id Jib runs under; Maven shows it as {@code jib:build (liveupdate-dev-image)}. */
  static final String EXECUTION_ID = "liveupdate-dev-image";

  private JibExecution() {}

  /** {@code jib} (a copy: it is changed) with this plugin's jar, alone, as a dependency. */
  static Plugin withLayerExtension(Plugin jib, PluginDescriptor self) {
    Dependency jar = new Dependency();
    jar.setGroupId(self.getGroupId());
    jar.setArtifactId(self.getArtifactId());
    jar.setVersion(self.getVersion());
    Exclusion everything = new Exclusion();
    everything.setGroupId("*");
    everything.setArtifactId("*");
    jar.addExclusion(everything);
    jib.addDependency(jar);
    return jib;
  }

  /** Jib's {@code build} goal with {@code configuration} plus the layer extension. */
  static MojoExecution of(MojoDescriptor build, Xpp3Dom configuration, Path directory,
      boolean devTools) {
    MojoExecution execution = new MojoExecution(build, EXECUTION_ID, MojoExecution.Source.CLI);
    execution.setConfiguration(finalConfiguration(build,
        withExtension(configuration, directory, devTools)));
    return execution;
  }

  /** A copy of {@code configuration} whose {@code <pluginExtensions>} ends with ours. */
  static Xpp3Dom withExtension(Xpp3Dom configuration, Path directory) {
    return withExtension(configuration, directory, false);
  }

  /** As above, telling the extension whether spring-boot-devtools is on the runtime class path. */
  static Xpp3Dom withExtension(Xpp3Dom configuration, Path directory, boolean devTools) {
    Xpp3Dom config = new Xpp3Dom(configuration);
    Xpp3Dom extensions = config.getChild("pluginExtensions");
    if (extensions == null) {
      extensions = new Xpp3Dom("pluginExtensions");
      config.addChild(extensions);
    }
    Xpp3Dom extension = new Xpp3Dom("pluginExtension");
    extension.addChild(element("implementation", EXTENSION));
    Xpp3Dom properties = new Xpp3Dom("properties");
    properties.addChild(element(DIRECTORY_PROPERTY, directory.toAbsolutePath().toString()));
    properties.addChild(element(DEVTOOLS_PROPERTY, Boolean.toString(devTools)));
    extension.addChild(properties);
    extensions.addChild(extension);
    return config;
  }

  /**
   * What Maven itself would run the goal with: only the goal's parameters (by name or alias),
   * each merged over the default its descriptor declares ({@code ${session}}, {@code ${project}},
   * …), as Maven's lifecycle does before it runs a mojo.
   */
  static Xpp3Dom finalConfiguration(MojoDescriptor mojo, Xpp3Dom configuration) {
    Xpp3Dom defaults = MojoDescriptorCreator.convert(mojo);
    Xpp3Dom result = new Xpp3Dom("configuration");
    if (mojo.getParameters() == null) {
      return result;
    }
    for (Parameter parameter : mojo.getParameters()) {
      Xpp3Dom value = configuration.getChild(parameter.getName());
      if (value == null && parameter.getAlias() != null) {
        value = configuration.getChild(parameter.getAlias());
      }
      Xpp3Dom merged = Xpp3Dom.mergeXpp3Dom(value == null ? null : new Xpp3Dom(value),
          defaults.getChild(parameter.getName()), Boolean.TRUE);
      if (merged != null) {
        Xpp3Dom named = new Xpp3Dom(merged, parameter.getName());
        if (isEmpty(named.getAttribute("implementation"))
            && !isEmpty(parameter.getImplementation())) {
          named.setAttribute("implementation", parameter.getImplementation());
        }
        result.addChild(named);
      }
    }
    return result;
  }

  private static Xpp3Dom element(String name, String value) {
    Xpp3Dom element = new Xpp3Dom(name);
    element.setValue(value);
    return element;
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }
}
