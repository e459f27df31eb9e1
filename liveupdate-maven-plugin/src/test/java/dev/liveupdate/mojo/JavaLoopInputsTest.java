package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a goal runs the Java loop, and what it says when Jib's layout cannot be followed. */
class JavaLoopInputsTest {

  @TempDir Path module;

  private final AtomicInteger projects = new AtomicInteger();

  @Test
  void aJibModuleWithoutSyncsRunsTheJavaLoopAndOneWithSyncsDoesNot() throws Exception {
    MavenProject project = project("<to><image>reg/app</image></to>", "jar");
    assertTrue(JavaLoopInputs.applies(project, null));
    LiveUpdateXml onlyTarget = new LiveUpdateXml();
    onlyTarget.setTarget(TargetXml.deployment("app"));
    assertTrue(JavaLoopInputs.applies(project, onlyTarget));
    assertFalse(JavaLoopInputs.applies(project, new LiveUpdateXml().sync("web", "/srv/web")),
        "explicit <syncs> keep today's behaviour");
    assertFalse(JavaLoopInputs.applies(new MavenProject(new Model()), null));
  }

  @Test
  void theInferredRulesTheConfigurationAndTheImageComeFromJib() throws Exception {
    JavaLoopInputs inputs = read(project("<to><image>reg/app:1.0</image></to>", "jar"));

    assertEquals("reg/app:1.0", inputs.jibImage());
    assertEquals(List.of("/app/classes", "/app/resources"),
        inputs.config().syncs().stream().map(SyncRule::to).toList());
    assertFalse(inputs.config().target().namesWorkload());
    assertEquals("Sync rules inferred from jib-maven-plugin (exploded, appRoot /app):",
        inputs.rules().get(0));
    assertEquals(1, projects.get());
  }

  @Test
  void packagedModeIsRefusedAtStartNamingWhatToConfigure() throws Exception {
    MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> read(project(
        "<to><image>reg/app</image></to><containerizingMode>packaged</containerizingMode>",
        "jar")));

    assertTrue(e.getMessage().startsWith("liveupdate cannot infer what to sync from "
        + "jib-maven-plugin: jib-maven-plugin <containerizingMode> is packaged"), e.getMessage());
    assertTrue(e.getMessage().contains("-Djib.containerizingMode=exploded"), e.getMessage());
    assertEquals(0, projects.get(), "nothing is read further");
  }

  @Test
  void aWarIsRefusedWithTheSyncToWrite() {
    MojoExecutionException e = assertThrows(MojoExecutionException.class,
        () -> read(project("<to><image>reg/app</image></to>", "war")));

    assertTrue(e.getMessage().contains("<sync><from>target/classes</from><to>"
        + "/var/lib/jetty/webapps/ROOT/WEB-INF/classes</to></sync>"), e.getMessage());
  }

  @Test
  void withoutAnImageToFindTheWorkloadByTheGoalSaysSo() {
    MojoExecutionException e = assertThrows(MojoExecutionException.class,
        () -> read(project("", "jar")));

    assertTrue(e.getMessage().startsWith("jib-maven-plugin has no <to><image>"), e.getMessage());
  }

  private JavaLoopInputs read(MavenProject project) throws MojoExecutionException {
    return JavaLoopInputs.read(project, new Properties(), new Properties(),
        new LiveUpdateParameter.Bound(null, java.util.List.of()), null, Duration.ofMillis(50), Duration.ofSeconds(1), () -> {
          projects.incrementAndGet();
          return null;
        });
  }

  private MavenProject project(String jibConfiguration, String packaging) throws Exception {
    String pom = """
        <project>
          <modelVersion>4.0.0</modelVersion>
          <groupId>demo</groupId><artifactId>app</artifactId><version>1</version>
          <packaging>%s</packaging>
          <build>
            <directory>%s/target</directory>
            <outputDirectory>%s/target/classes</outputDirectory>
            <plugins><plugin>
              <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
              <configuration>%s</configuration>
            </plugin></plugins>
          </build>
        </project>""".formatted(packaging, module, module, jibConfiguration);
    Files.writeString(module.resolve("pom.xml"), pom);
    Model model = new MavenXpp3Reader().read(new StringReader(pom));
    MavenProject project = new MavenProject(model);
    project.setFile(module.resolve("pom.xml").toFile());
    return project;
  }
}
