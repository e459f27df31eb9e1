package dev.liveupdate.config.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binds {@code <image>} with the configurator Maven uses, as {@link LiveUpdateXmlBindingTest}. */
class ImageXmlBindingTest {

  @Test
  void bindsTheDocumentedImageShape() throws Exception {
    ImageXml image = bind("""
        <configuration><liveUpdate><image>
          <from>127.0.0.1:5000/liveupdate/busybox:1</from>
          <to>127.0.0.1:5000/tilt-avatar-api</to>
          <layers>
            <layer><from>api</from><to>/app/api</to></layer>
            <layer><from>web</from><to>/app/web</to></layer>
          </layers>
          <entrypoint><arg>sh</arg><arg>-c</arg></entrypoint>
          <cmd><arg>exec httpd -f -p 8000 -h /app</arg></cmd>
          <workingDir>/app</workingDir>
          <env><GREETING>hello</GREETING><PYTHONUNBUFFERED>1</PYTHONUNBUFFERED></env>
          <ports><port>8000</port><port>53/udp</port></ports>
          <allowInsecureRegistries>true</allowInsecureRegistries>
        </image></liveUpdate></configuration>""").getImage();

    assertEquals("127.0.0.1:5000/liveupdate/busybox:1", image.getFrom());
    assertEquals("127.0.0.1:5000/tilt-avatar-api", image.getTo());
    assertEquals(2, image.getLayers().size());
    assertEquals("web", image.getLayers().get(1).getFrom());
    assertEquals("/app/web", image.getLayers().get(1).getTo());
    assertEquals(List.of("sh", "-c"), image.getEntrypoint());
    assertEquals(List.of("exec httpd -f -p 8000 -h /app"), image.getCmd());
    assertEquals("/app", image.getWorkingDir());
    assertEquals(Map.of("GREETING", "hello", "PYTHONUNBUFFERED", "1"), image.getEnv());
    assertEquals(List.of("8000", "53/udp"), image.getPorts());
    assertEquals(Boolean.TRUE, image.getAllowInsecureRegistries());
  }

  @Test
  void absentImageIsNullAndAbsentChildrenAreEmpty() throws Exception {
    assertNull(bind("<configuration><liveUpdate/></configuration>").getImage());

    ImageXml image = bind("""
        <configuration><liveUpdate><image><from>scratch</from></image></liveUpdate></configuration>
        """).getImage();

    assertTrue(image.getLayers().isEmpty());
    assertTrue(image.getEntrypoint().isEmpty());
    assertTrue(image.getCmd().isEmpty());
    assertTrue(image.getEnv().isEmpty());
    assertTrue(image.getPorts().isEmpty());
    assertNull(image.getAllowInsecureRegistries());
  }

  private static LiveUpdateXml bind(String pomConfiguration) throws Exception {
    LiveUpdateXml bound = LiveUpdateXmlBindingTest.bind(pomConfiguration);
    return bound == null ? new LiveUpdateXml() : bound;
  }
}
