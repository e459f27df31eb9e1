package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.maven.plugin.MojoExecutionException;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.component.configurator.expression.ExpressionEvaluator;
import org.codehaus.plexus.configuration.DefaultPlexusConfiguration;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * {@code <liveUpdate>} bound by the goal: an element it does not know is a problem naming the
 * valid ones and the closest, reported with the others; the rest binds as Maven binds it.
 */
class LiveUpdateParameterTest {

  @TempDir Path basedir;

  /** Replaces {@code ${dir}} as Maven's evaluator would a property; the rest as it is. */
  private static final ExpressionEvaluator EVALUATOR = new ExpressionEvaluator() {
    @Override
    public Object evaluate(String expression) {
      return expression == null ? null : expression.replace("${dir}", "api");
    }

    @Override
    public File alignToBaseDirectory(File file) {
      return file;
    }
  };

  @Test
  void aKnownConfigurationBindsWithExpressionsEvaluated() throws Exception {
    LiveUpdateParameter.Bound bound = bind("""
        <liveUpdate>
          <target><deployment>api</deployment></target>
          <syncs><sync><from>${dir}</from><to>/app/api</to></sync></syncs>
          <image><env><MODE>dev</MODE></env></image>
        </liveUpdate>""");

    assertEquals(List.of(), bound.problems());
    assertEquals("api", bound.xml().getSyncs().get(0).getFrom());
    assertEquals("api", bound.xml().getTarget().getDeployment());
    assertEquals(Map.of("MODE", "dev"), bound.xml().getImage().getEnv());
  }

  @Test
  void anUnknownElementNamesTheClosestAndEveryValidOneOfItsLevel() throws Exception {
    LiveUpdateParameter.Bound bound = bind("""
        <liveUpdate>
          <target><deploymnet>api</deploymnet></target>
          <sycs><sync><from>api</from><to>/app/api</to></sync></sycs>
          <syncs>
            <sync><from>api</from><to>/app/api</to></sync>
            <sync><form>web</form><to>/app/web</to></sync>
          </syncs>
          <watch>all</watch>
        </liveUpdate>""");

    assertEquals(List.of(
        "<liveUpdate><target><deploymnet> is not a known element: did you mean <deployment>?"
            + " <target> holds <container>, <context>, <deployment>, <namespace>, <selector>",
        "<liveUpdate><sycs> is not a known element: did you mean <syncs>? <liveUpdate> holds"
            + " <fallBackOn>, <ignores>, <image>, <manifests>, <portForwards>, <runs>, <syncs>, <target>",
        "<liveUpdate><syncs><sync>[2]<form> is not a known element: did you mean <from>? <sync>"
            + " holds <from>, <to>",
        "<liveUpdate><watch> is not a known element; <liveUpdate> holds <fallBackOn>, <ignores>,"
            + " <image>, <manifests>, <portForwards>, <runs>, <syncs>, <target>"), bound.problems());
    assertEquals(2, bound.xml().getSyncs().size(), "what is known is still bound");
    assertNull(bound.xml().getSyncs().get(1).getFrom());
  }

  @Test
  void unknownElementsAreReportedWithTheOtherProblemsOfTheConfiguration() throws Exception {
    Files.createDirectories(basedir.resolve("api"));
    LiveUpdateParameter.Bound bound = bind("""
        <liveUpdate>
          <target><deployment>api</deployment></target>
          <sycs/>
          <syncs><sync><from>api</from><to>app/api</to></sync></syncs>
        </liveUpdate>""");

    MojoExecutionException e = assertThrows(MojoExecutionException.class,
        () -> GoalInputs.config(bound, basedir.toFile(), basedir.resolve("target").toFile(), null));

    List<String> lines = e.getMessage().lines().toList();
    assertEquals("Invalid liveupdate-maven-plugin configuration:", lines.get(0));
    assertTrue(lines.get(1).startsWith("  <liveUpdate><sycs> is not a known element: did you"
        + " mean <syncs>?"), e.getMessage());
    assertTrue(lines.get(2).startsWith("  <liveUpdate><syncs><sync>[1]<to> must be"),
        e.getMessage());
  }

  @Test
  void noLiveUpdateElementIsNoBeanAndNoProblem() throws Exception {
    LiveUpdateParameter.Bound bound = LiveUpdateParameter.bind(null, EVALUATOR, null);
    assertNull(bound.xml());
    assertEquals(List.of(), bound.problems());
  }

  private static LiveUpdateParameter.Bound bind(String xml) throws Exception {
    try (ClassWorld world = new ClassWorld("test",
        LiveUpdateParameterTest.class.getClassLoader())) {
      return LiveUpdateParameter.bind(toPlexus(DocumentBuilderFactory.newInstance()
          .newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
          .getDocumentElement()), EVALUATOR, world.getRealm("test"));
    }
  }

  /** The tree Maven hands to a PlexusConfiguration parameter: names, text of leaf elements. */
  private static PlexusConfiguration toPlexus(Element element) {
    DefaultPlexusConfiguration config = new DefaultPlexusConfiguration(element.getTagName());
    boolean hasChildElements = false;
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element childElement) {
        config.addChild(toPlexus(childElement));
        hasChildElements = true;
      }
    }
    if (!hasChildElements) {
      config.setValue(element.getTextContent());
    }
    return config;
  }
}
