package dev.liveupdate.config.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.codehaus.plexus.classworlds.ClassWorld;
import org.codehaus.plexus.classworlds.realm.ClassRealm;
import org.codehaus.plexus.component.configurator.BasicComponentConfigurator;
import org.codehaus.plexus.configuration.DefaultPlexusConfiguration;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Binds POM XML to the beans with the configurator Maven itself uses (Sisu Plexus), so a renamed
 * field or a missing generic type fails here rather than in a user's build.
 */
class LiveUpdateXmlBindingTest {

  /** Stands in for the mojo: Maven binds {@code <configuration>} children to its fields. */
  static class MojoStandIn {
    private LiveUpdateXml liveUpdate;
  }

  @Test
  void bindsTheDocumentedPomShape() throws Exception {
    LiveUpdateXml xml = bind("""
        <configuration>
          <liveUpdate>
            <target>
              <deployment>tilt-avatar-api</deployment>
              <container>api</container>
              <namespace>default</namespace>
              <context>kind-dev</context>
            </target>
            <fallBackOn><path>pom.xml</path><path>deploy/**</path></fallBackOn>
            <syncs>
              <sync><from>api</from><to>/app/api</to></sync>
              <sync><from>web</from><to>/app/web</to></sync>
            </syncs>
            <runs>
              <run>
                <command>pip install -r /app/requirements.txt</command>
                <triggers><trigger>api/requirements.txt</trigger></triggers>
              </run>
              <run><command>touch /tmp/reload</command></run>
            </runs>
            <ignores><ignore>**/*.pyc</ignore></ignores>
          </liveUpdate>
        </configuration>""");

    assertEquals("tilt-avatar-api", xml.getTarget().getDeployment());
    assertNull(xml.getTarget().getSelector());
    assertEquals("api", xml.getTarget().getContainer());
    assertEquals("default", xml.getTarget().getNamespace());
    assertEquals("kind-dev", xml.getTarget().getContext());
    assertEquals(List.of("pom.xml", "deploy/**"), xml.getFallBackOn());
    assertEquals(2, xml.getSyncs().size());
    assertEquals("web", xml.getSyncs().get(1).getFrom());
    assertEquals("/app/web", xml.getSyncs().get(1).getTo());
    assertEquals("pip install -r /app/requirements.txt", xml.getRuns().get(0).getCommand());
    assertEquals(List.of("api/requirements.txt"), xml.getRuns().get(0).getTriggers());
    assertTrue(xml.getRuns().get(1).getTriggers().isEmpty(), "absent <triggers> is an empty list");
    assertEquals(List.of("**/*.pyc"), xml.getIgnores());
  }

  @Test
  void absentListsStayEmptyNotNull() throws Exception {
    LiveUpdateXml xml = bind("""
        <configuration>
          <liveUpdate><target><selector>app=api</selector></target></liveUpdate>
        </configuration>""");

    assertEquals("app=api", xml.getTarget().getSelector());
    assertTrue(xml.getSyncs().isEmpty());
    assertTrue(xml.getRuns().isEmpty());
    assertTrue(xml.getFallBackOn().isEmpty());
    assertTrue(xml.getIgnores().isEmpty());
  }

  /** Binds a POM {@code <configuration>} the way Maven does; also used by the image test. */
  static LiveUpdateXml bind(String pomConfiguration) throws Exception {
    MojoStandIn mojo = new MojoStandIn();
    ClassWorld world = new ClassWorld("test", LiveUpdateXmlBindingTest.class.getClassLoader());
    try {
      ClassRealm realm = world.getRealm("test");
      new BasicComponentConfigurator().configureComponent(mojo, toPlexus(parse(pomConfiguration)), realm);
    } finally {
      world.close();
    }
    return mojo.liveUpdate;
  }

  private static Element parse(String xml) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(xml)))
        .getDocumentElement();
  }

  /** The same tree Maven hands to the configurator: element names, text of leaf elements. */
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
