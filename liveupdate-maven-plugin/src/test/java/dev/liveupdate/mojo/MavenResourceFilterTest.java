package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.apache.maven.shared.filtering.DefaultMavenFileFilter;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/** Real maven-filtering on real files, configured as Spring Boot's parent configures it. */
class MavenResourceFilterTest {

  @TempDir Path dir;

  @Test
  void springBootsAtDelimitersReplaceProjectValuesAndLeaveSpringPlaceholdersAlone()
      throws Exception {
    MavenProject project = project(resourcesPlugin("@", false));
    Path from = Files.writeString(dir.resolve("application.properties"),
        "app.version=@project.version@\ngreeting=@greeting@\nport=${server.port:8080}\n"
            + "name=${project.artifactId}\n");
    Path to = dir.resolve("out.properties");

    new MavenResourceFilter(new DefaultMavenFileFilter(new DefaultBuildContext()), project, null)
        .copy(from, to);

    assertEquals("app.version=1.2.3\ngreeting=Hi there\nport=${server.port:8080}\n"
        + "name=${project.artifactId}\n", Files.readString(to, StandardCharsets.UTF_8));
  }

  @Test
  void withoutConfigurationBothDefaultDelimitersApplyAsInProcessResources() throws Exception {
    MavenProject project = project(null);
    Path from = Files.writeString(dir.resolve("app.txt"), "${project.artifactId} @greeting@\n");
    Path to = dir.resolve("out.txt");

    new MavenResourceFilter(new DefaultMavenFileFilter(new DefaultBuildContext()), project, null)
        .copy(from, to);

    assertEquals("demo Hi there\n", Files.readString(to, StandardCharsets.UTF_8));
  }

  private MavenProject project(Plugin resources) {
    Model model = new Model();
    model.setGroupId("dev.example");
    model.setArtifactId("demo");
    model.setVersion("1.2.3");
    model.getProperties().setProperty("greeting", "Hi there");
    model.getProperties().setProperty("project.build.sourceEncoding", "UTF-8");
    Build build = new Build();
    build.setDirectory(dir.resolve("target").toString());
    if (resources != null) {
      build.addPlugin(resources);
    }
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    project.setFile(dir.resolve("pom.xml").toFile());
    return project;
  }

  private static Plugin resourcesPlugin(String delimiter, boolean useDefaultDelimiters) {
    Xpp3Dom configuration = new Xpp3Dom("configuration");
    Xpp3Dom delimiters = new Xpp3Dom("delimiters");
    Xpp3Dom one = new Xpp3Dom("delimiter");
    one.setValue(delimiter);
    delimiters.addChild(one);
    configuration.addChild(delimiters);
    Xpp3Dom useDefaults = new Xpp3Dom("useDefaultDelimiters");
    useDefaults.setValue(Boolean.toString(useDefaultDelimiters));
    configuration.addChild(useDefaults);
    Plugin plugin = new Plugin();
    plugin.setGroupId("org.apache.maven.plugins");
    plugin.setArtifactId("maven-resources-plugin");
    plugin.setConfiguration(configuration);
    return plugin;
  }
}
