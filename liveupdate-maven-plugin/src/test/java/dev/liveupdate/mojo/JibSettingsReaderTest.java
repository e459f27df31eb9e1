package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.jib.JibLayout;
import dev.liveupdate.jib.JibSettings;
import dev.liveupdate.jib.JibSettings.ExtraDirectory;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real POMs, read by Maven's own reader, as a module's project model holds them. */
class JibSettingsReaderTest {

  @TempDir
  Path module;

  private final Properties user = new Properties();
  private final Properties system = new Properties();

  @Test
  void readsTheConfigurationAJibModuleWrites() throws Exception {
    JibSettings jib = read("""
        <plugin>
          <groupId>com.google.cloud.tools</groupId>
          <artifactId>jib-maven-plugin</artifactId>
          <version>3.5.2</version>
          <configuration>
            <from><image>eclipse-temurin:17-jre</image></from>
            <to><image>ghcr.io/team/api:1.0</image><tags><tag>latest</tag><tag>v1</tag></tags></to>
            <container>
              <appRoot>/srv/api</appRoot>
              <jvmFlags><jvmFlag>-Xmx256m</jvmFlag><jvmFlag>-Dmode=dev</jvmFlag></jvmFlags>
              <mainClass>demo.App</mainClass>
              <args><arg>--port</arg><arg>8080</arg></args>
              <environment><MODE>dev</MODE><LOG>debug</LOG></environment>
              <ports><port>8080</port></ports>
              <labels><team>a</team></labels>
            </container>
            <extraDirectories>
              <paths>
                <path>src/main/custom</path>
                <path>
                  <from>${project.basedir}/scripts</from>
                  <into>/opt/bin</into>
                  <includes><include>*.sh</include></includes>
                  <excludes><exclude>tmp-*</exclude></excludes>
                </path>
              </paths>
              <permissions>
                <permission><file>/opt/bin/*.sh</file><mode>755</mode></permission>
              </permissions>
            </extraDirectories>
          </configuration>
        </plugin>""", "<properties/>").orElseThrow();

    assertEquals(Optional.of("eclipse-temurin:17-jre"), jib.fromImage());
    assertEquals(Optional.of("ghcr.io/team/api:1.0"), jib.toImage());
    assertEquals(List.of("latest", "v1"), jib.toTags());
    assertEquals("/srv/api", jib.effectiveAppRoot());
    assertEquals("exploded", jib.containerizingMode());
    assertEquals(List.of("-Xmx256m", "-Dmode=dev"), jib.jvmFlags());
    assertEquals(Optional.of("demo.App"), jib.mainClass());
    assertEquals(Optional.empty(), jib.entrypoint());
    assertEquals(Optional.of(List.of("--port", "8080")), jib.args());
    assertEquals(Map.of("MODE", "dev", "LOG", "debug"), jib.environment());
    assertEquals(List.of("8080"), jib.ports());
    assertEquals(Map.of("team", "a"), jib.labels());
    assertEquals(List.of(
        new ExtraDirectory(module.resolve("src/main/custom"), "/", List.of(), List.of(), false),
        new ExtraDirectory(module.resolve("scripts"), "/opt/bin", List.of("*.sh"),
            List.of("tmp-*"), false)), jib.extraDirectories());
    assertEquals(Map.of("/opt/bin/*.sh", "755"), jib.extraDirectoryPermissions());
    assertEquals(module.resolve("target/classes"), jib.outputDirectory());
    assertEquals(List.of(module.resolve("pom.xml")), jib.pomFiles());
    assertFalse(jib.skip());
  }

  @Test
  void aModuleWithoutJibHasNoSettingsAndOneWithNoConfigurationHasJibsDefaults() throws Exception {
    assertEquals(Optional.empty(), read("""
        <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>""",
        ""));

    JibSettings jib = read("""
        <plugin>
          <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
        </plugin>""", "").orElseThrow();
    assertEquals(Optional.empty(), jib.toImage());
    assertEquals("/app", jib.effectiveAppRoot());
    assertEquals("exploded", jib.containerizingMode());
    assertEquals(List.of(new ExtraDirectory(module.resolve("src/main/jib"), "/", List.of(),
        List.of(), true)), jib.extraDirectories());
  }

  @Test
  void propertiesWinAsInJibUserThenPomThenSystemAndImageFirst() throws Exception {
    String plugin = """
        <plugin>
          <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
          <configuration>
            <to><image>pom-config/app</image></to>
            <containerizingMode>exploded</containerizingMode>
            <container><jvmFlags><jvmFlag>-Xmx1g</jvmFlag></jvmFlags></container>
          </configuration>
        </plugin>""";
    String properties = """
        <properties>
          <jib.to.image>pom-property/app</jib.to.image>
          <jib.containerizingMode>packaged</jib.containerizingMode>
        </properties>""";
    system.setProperty("jib.to.image", "system/app");
    system.setProperty("jib.container.jvmFlags", "-Xmx2g,-Da=b\\,c");
    JibSettings jib = read(plugin, properties).orElseThrow();
    assertEquals(Optional.of("pom-property/app"), jib.toImage(), "the POM's property over system");
    assertEquals("packaged", jib.containerizingMode(), "a property over the configuration");
    assertEquals(List.of("-Xmx2g", "-Da=b,c"), jib.jvmFlags(), "Jib's list syntax");

    user.setProperty("jib.to.image", "user/app");
    assertEquals(Optional.of("user/app"), read(plugin, properties).orElseThrow().toImage());
    user.setProperty("image", "dash-d-image/app");
    assertEquals(Optional.of("dash-d-image/app"), read(plugin, properties).orElseThrow().toImage());

    user.setProperty("jib.extraDirectories.paths", "a,/abs/b");
    user.setProperty("jib.container.environment", "A=1,B=x=y");
    jib = read(plugin, properties).orElseThrow();
    assertEquals(List.of(module.resolve("a"), Path.of("/abs/b")),
        jib.extraDirectories().stream().map(ExtraDirectory::from).toList());
    assertEquals(Map.of("A", "1", "B", "x=y"), jib.environment());
  }

  @Test
  void theDefaultCliExecutionIsWhatMvnJibBuildRuns() throws Exception {
    JibSettings jib = read("""
        <plugin>
          <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
          <configuration><to><image>plugin-level/app</image></to></configuration>
          <executions>
            <execution>
              <id>default-cli</id>
              <configuration>
                <to><image>cli/app</image></to>
                <container><entrypoint>INHERIT</entrypoint></container>
                <skip>true</skip>
              </configuration>
            </execution>
          </executions>
        </plugin>""", "").orElseThrow();

    assertEquals(Optional.of("cli/app"), jib.toImage());
    assertEquals(Optional.of(List.of("INHERIT")), jib.entrypoint());
    assertTrue(jib.skip());
  }

  @Test
  void packagedModeFromThePomIsRefusedByTheLayout() throws Exception {
    JibSettings jib = read("""
        <plugin>
          <groupId>com.google.cloud.tools</groupId><artifactId>jib-maven-plugin</artifactId>
          <configuration><containerizingMode>packaged</containerizingMode></configuration>
        </plugin>""", "").orElseThrow();

    assertTrue(assertInstanceOf(JibLayout.Unsupported.class, JibLayout.infer(jib)).reason()
        .startsWith("jib-maven-plugin <containerizingMode> is packaged"));
  }

  /** A MavenProject of a POM with {@code plugin} in its build plugins. */
  private Optional<JibSettings> read(String plugin, String properties) throws Exception {
    String pom = """
        <project>
          <modelVersion>4.0.0</modelVersion>
          <groupId>demo</groupId><artifactId>api</artifactId><version>1</version>
          %s
          <build>
            <directory>%s/target</directory>
            <outputDirectory>%s/target/classes</outputDirectory>
            <plugins>%s</plugins>
          </build>
        </project>""".formatted(properties, module, module, plugin)
        .replace("${project.basedir}", module.toString()); // what Maven's interpolation does
    Files.writeString(module.resolve("pom.xml"), pom);
    Model model = new MavenXpp3Reader().read(new StringReader(pom));
    MavenProject project = new MavenProject(model);
    project.setFile(module.resolve("pom.xml").toFile());
    return JibSettingsReader.read(project, user, system);
  }
}
