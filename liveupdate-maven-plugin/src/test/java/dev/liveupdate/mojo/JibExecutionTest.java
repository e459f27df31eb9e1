package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.liveupdate.jibext.DevLayerExtension;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.Parameter;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.Xpp3DomBuilder;
import org.junit.jupiter.api.Test;

class JibExecutionTest {

  @Test
  void theNamesGivenToJibAreTheExtensions() {
    assertEquals(DevLayerExtension.class.getName(), JibExecution.EXTENSION);
    assertEquals(DevLayerExtension.DIRECTORY_PROPERTY, JibExecution.DIRECTORY_PROPERTY);
    assertEquals(DevLayerExtension.DEVTOOLS_PROPERTY, JibExecution.DEVTOOLS_PROPERTY);
  }

  @Test
  void theExtensionIsToldWhetherDevToolsIsOnTheClassPath() throws Exception {
    Xpp3Dom user = dom("<configuration/>");
    assertEquals("true", JibExecution.withExtension(user, Path.of("/work/opt"), true)
        .getChild("pluginExtensions").getChild(0).getChild("properties").getChild("devtools")
        .getValue());
    assertEquals("false", JibExecution.withExtension(user, Path.of("/work/opt"))
        .getChild("pluginExtensions").getChild(0).getChild("properties").getChild("devtools")
        .getValue());
  }

  @Test
  void theExtensionComesAfterTheModulesOwnAndTheRestIsKept() throws Exception {
    Xpp3Dom user = dom("""
        <configuration>
          <to><image>ghcr.io/t/api</image></to>
          <pluginExtensions>
            <pluginExtension><implementation>com.example.Theirs</implementation></pluginExtension>
          </pluginExtensions>
        </configuration>""");

    Xpp3Dom config = JibExecution.withExtension(user, Path.of("/work/opt"));

    assertEquals("ghcr.io/t/api", config.getChild("to").getChild("image").getValue());
    Xpp3Dom[] extensions = config.getChild("pluginExtensions").getChildren();
    assertEquals(2, extensions.length);
    assertEquals("com.example.Theirs", extensions[0].getChild("implementation").getValue());
    assertEquals("dev.liveupdate.jibext.DevLayerExtension",
        extensions[1].getChild("implementation").getValue());
    assertEquals("/work/opt", extensions[1].getChild("properties").getChild("directory").getValue());
    assertEquals(1, user.getChild("pluginExtensions").getChildCount(), "the POM's is not changed");
  }

  @Test
  void onlyTheGoalsParametersAreGivenOverTheirDefaults() throws Exception {
    MojoDescriptor build = new MojoDescriptor();
    build.setGoal("build");
    build.setPluginDescriptor(new PluginDescriptor());
    build.addParameter(parameter("to", null));
    build.addParameter(parameter("session", null));
    build.addParameter(parameter("allowInsecureRegistries", "jib.allowInsecureRegistries"));
    build.setMojoConfiguration(new org.codehaus.plexus.configuration.xml.XmlPlexusConfiguration(
        dom("""
            <configuration>
              <session implementation="org.apache.maven.execution.MavenSession">${session}</session>
              <allowInsecureRegistries>${jib.allowInsecureRegistries}</allowInsecureRegistries>
            </configuration>""")));

    Xpp3Dom config = JibExecution.finalConfiguration(build, dom("""
        <configuration>
          <to><image>app</image></to>
          <allowInsecureRegistries>true</allowInsecureRegistries>
          <skaffold><watch/></skaffold>
        </configuration>"""));

    assertEquals("app", config.getChild("to").getChild("image").getValue());
    assertEquals("${session}", config.getChild("session").getValue());
    assertEquals("true", config.getChild("allowInsecureRegistries").getValue());
    assertNull(config.getChild("skaffold"), "a parameter of another goal is dropped, as Maven does");
  }

  @Test
  void jibGetsThisPluginsJarAloneAsADependency() {
    Plugin jib = new Plugin();
    jib.setGroupId("com.google.cloud.tools");
    jib.setArtifactId("jib-maven-plugin");
    PluginDescriptor self = new PluginDescriptor();
    self.setGroupId("dev.liveupdate");
    self.setArtifactId("liveupdate-maven-plugin");
    self.setVersion("0.1.0");

    List<Dependency> dependencies = JibExecution.withLayerExtension(jib, self).getDependencies();

    assertEquals(1, dependencies.size());
    Dependency jar = dependencies.get(0);
    assertEquals("dev.liveupdate:liveupdate-maven-plugin:jar:0.1.0", jar.getManagementKey()
        + ":" + jar.getVersion());
    assertEquals("*", jar.getExclusions().get(0).getGroupId());
    assertEquals("*", jar.getExclusions().get(0).getArtifactId());
  }

  private static Parameter parameter(String name, String expression) {
    Parameter parameter = new Parameter();
    parameter.setName(name);
    parameter.setExpression(expression);
    return parameter;
  }

  private static Xpp3Dom dom(String xml) throws Exception {
    return Xpp3DomBuilder.build(new StringReader(xml));
  }
}
