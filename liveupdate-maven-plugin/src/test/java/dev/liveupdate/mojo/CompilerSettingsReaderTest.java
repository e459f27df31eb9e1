package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.ResourceRoot;
import dev.liveupdate.mojo.CompilerSettingsReader.Coordinate;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Build;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.model.Model;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A MavenProject built in memory, as Maven hands it to a goal. */
class CompilerSettingsReaderTest {

  @TempDir Path base;

  private final List<List<Coordinate>> resolved = new ArrayList<>();

  private CompilerSettingsReader.Read read(MavenProject project, Properties user)
      throws MojoExecutionException {
    return CompilerSettingsReader.read(project, user, coordinates -> {
      resolved.add(coordinates);
      return coordinates.stream().map(c -> base.resolve(c.artifactId() + ".jar")).toList();
    });
  }

  private MavenProject project(String pluginConfiguration, String executionConfiguration)
      throws IOException, XmlPullParserException {
    Model model = new Model();
    model.setGroupId("com.example");
    model.setArtifactId("app");
    model.setVersion("1.0");
    Build build = new Build();
    build.setDirectory(base.resolve("target").toString());
    build.setOutputDirectory(base.resolve("target/classes").toString());
    Resource resources = new Resource();
    resources.setDirectory(base.resolve("src/main/resources").toString());
    Resource config = new Resource();
    config.setDirectory(base.resolve("src/main/config").toString());
    config.setTargetPath("config");
    config.addInclude("**/*.yaml");
    config.addExclude("secret*");
    config.setFiltering(true);
    build.addResource(resources);
    build.addResource(config);
    if (pluginConfiguration != null) {
      Plugin plugin = new Plugin();
      plugin.setGroupId("org.apache.maven.plugins");
      plugin.setArtifactId("maven-compiler-plugin");
      plugin.setConfiguration(dom(pluginConfiguration));
      if (executionConfiguration != null) {
        PluginExecution compile = new PluginExecution();
        compile.setId("default-compile");
        compile.setConfiguration(dom(executionConfiguration));
        plugin.addExecution(compile);
      }
      build.addPlugin(plugin);
    }
    model.setBuild(build);
    MavenProject project = new MavenProject(model);
    project.setFile(base.resolve("pom.xml").toFile());
    project.addCompileSourceRoot(base.resolve("src/main/java").toString());
    DefaultArtifactHandler jar = new DefaultArtifactHandler("jar");
    jar.setAddedToClasspath(true);
    Artifact dependency = new DefaultArtifact("org.example", "lib", "2.0", "compile", "jar", null,
        jar);
    dependency.setFile(base.resolve("lib-2.0.jar").toFile());
    project.setArtifacts(Set.of(dependency));
    return project;
  }

  private static Xpp3Dom dom(String xml) throws IOException, XmlPullParserException {
    return Xpp3DomBuilder.build(new StringReader("<configuration>" + xml + "</configuration>"));
  }

  @Test
  void readsTheCompilerPluginsConfigurationExecutionFirst() throws Exception {
    MavenProject project = project("""
        <release>17</release>
        <parameters>true</parameters>
        <encoding>ISO-8859-1</encoding>
        <compilerArgs><arg>-Xlint:all</arg><arg>-Werror</arg></compilerArgs>
        <compilerArgument>-Xmaxerrs 5</compilerArgument>
        <annotationProcessorPaths>
          <path><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId></path>
          <path>
            <groupId>org.mapstruct</groupId><artifactId>mapstruct-processor</artifactId>
            <version>1.6.3</version>
            <exclusions><exclusion><groupId>x</groupId><artifactId>y</artifactId></exclusion>
            </exclusions>
          </path>
        </annotationProcessorPaths>
        <annotationProcessors><annotationProcessor>a.B</annotationProcessor>
        </annotationProcessors>
        <proc>full</proc>
        <debuglevel>lines</debuglevel>
        <compilerId>eclipse</compilerId>
        """, "<release>21</release>");
    DependencyManagement managed = new DependencyManagement();
    Dependency lombok = new Dependency();
    lombok.setGroupId("org.projectlombok");
    lombok.setArtifactId("lombok");
    lombok.setVersion("1.18.38");
    managed.addDependency(lombok);
    project.getModel().setDependencyManagement(managed);

    CompilerSettingsReader.Read read = read(project, new Properties());
    CompilerSettings s = read.settings();

    assertEquals(List.of(base.resolve("src/main/java")), s.sourceRoots());
    assertEquals(base.resolve("target/classes"), s.outputDirectory());
    assertEquals(List.of(base.resolve("lib-2.0.jar")), s.classpath());
    assertEquals(Optional.of("21"), s.release());
    assertEquals(Optional.empty(), s.source());
    assertEquals(true, s.parameters());
    assertEquals(Optional.of(StandardCharsets.ISO_8859_1), s.encoding());
    assertEquals(List.of("-Xlint:all", "-Werror", "-Xmaxerrs", "5"), s.compilerArgs());
    assertEquals(List.of(List.of(
        new Coordinate("org.projectlombok", "lombok", "1.18.38", "", "jar", List.of()),
        new Coordinate("org.mapstruct", "mapstruct-processor", "1.6.3", "", "jar",
            List.of("x:y")))), resolved);
    assertEquals(List.of(base.resolve("lombok.jar"), base.resolve("mapstruct-processor.jar")),
        s.processorPath());
    assertEquals(List.of("a.B"), s.processors());
    assertEquals(Optional.of("full"), s.proc());
    assertEquals(base.resolve("target/generated-sources/annotations"),
        s.generatedSourcesDirectory());
    assertEquals(List.of(ResourceRoot.plain(base.resolve("src/main/resources")),
        new ResourceRoot(base.resolve("src/main/config"), Optional.of("config"),
            List.of("**/*.yaml"), List.of("secret*"), true)), s.resources());
    assertEquals(List.of(
        "<build><plugins><plugin>(maven-compiler-plugin)<configuration><compilerId> is eclipse:"
            + " compiling with javac",
        "<build><plugins><plugin>(maven-compiler-plugin)<configuration><debuglevel> lines is not"
            + " honoured: compiling with -g"), read.notes());
  }

  @Test
  void withoutConfigurationTheMavenCompilerPropertiesAndDefaultsApply() throws Exception {
    MavenProject project = project(null, null);
    project.getProperties().setProperty("maven.compiler.source", "11");
    project.getProperties().setProperty("maven.compiler.parameters", "true");
    project.getProperties().setProperty("project.build.sourceEncoding", "UTF-8");

    CompilerSettings s = read(project, new Properties()).settings();

    assertEquals(Optional.empty(), s.release());
    assertEquals(Optional.of("11"), s.source());
    assertEquals(Optional.of("1.8"), s.target());
    assertEquals(true, s.parameters());
    assertEquals(true, s.debug());
    assertEquals(Optional.of(StandardCharsets.UTF_8), s.encoding());
    assertEquals(List.of(), s.processorPath());
    assertEquals(List.of(List.of()), resolved);
  }

  @Test
  void userPropertiesWinOverThePomsProperties() throws Exception {
    MavenProject project = project("<parameters>false</parameters>", null);
    project.getProperties().setProperty("maven.compiler.release", "17");
    Properties user = new Properties();
    user.setProperty("maven.compiler.release", "21");
    user.setProperty("maven.compiler.parameters", "true");

    CompilerSettings s = read(project, user).settings();

    assertEquals(Optional.of("21"), s.release());
    assertEquals(false, s.parameters(), "the POM's <parameters> over a property");
  }

  @Test
  void aProcessorPathWithoutVersionOrAnUnknownEncodingNamesTheElement() throws Exception {
    MavenProject noVersion = project("""
        <annotationProcessorPaths>
          <path><groupId>a</groupId><artifactId>b</artifactId><version>1</version></path>
          <path><groupId>org.projectlombok</groupId><artifactId>lombok</artifactId></path>
        </annotationProcessorPaths>
        """, null);
    MavenProject badEncoding = project("<encoding>UTF-9</encoding>", null);

    MojoExecutionException version = assertThrows(MojoExecutionException.class,
        () -> read(noVersion, new Properties()));
    MojoExecutionException encoding = assertThrows(MojoExecutionException.class,
        () -> read(badEncoding, new Properties()));

    assertEquals("<build><plugins><plugin>(maven-compiler-plugin)<configuration>"
        + "<annotationProcessorPaths><path>[2]<version> must be given, or "
        + "org.projectlombok:lombok managed in <dependencyManagement>, got neither",
        version.getMessage());
    assertEquals("<build><plugins><plugin>(maven-compiler-plugin)<configuration><encoding> must"
        + " be a charset this JVM knows, got 'UTF-9'", encoding.getMessage());
  }
}
