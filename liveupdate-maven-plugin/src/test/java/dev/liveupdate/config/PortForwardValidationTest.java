package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.config.xml.LiveUpdateXml;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <portForwards>}: the three forms, and every mistake named with its element. */
class PortForwardValidationTest {

  @TempDir Path base;

  @org.junit.jupiter.api.BeforeEach
  void module() throws Exception {
    java.nio.file.Files.createDirectories(base.resolve("api"));
  }

  @Test
  void theThreeFormsAreRead() throws Exception {
    LiveUpdateConfig config = read(xml().portForward("5735:5734", "8080", " 9000:http "));
    assertEquals(List.of(
        new PortForward(5735, OptionalInt.of(5734), Optional.empty(), "5735:5734"),
        new PortForward(8080, OptionalInt.of(8080), Optional.empty(), "8080"),
        new PortForward(9000, OptionalInt.empty(), Optional.of("http"), "9000:http")),
        config.portForwards());
  }

  @Test
  void everyMistakeIsNamedWithItsElement() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read(xml()
        .portForward("", "70000", "80:0", "a:b:c", "81:Web_Port", "8080", "8080:81")));
    String forms = " must be LOCAL:REMOTE (5735:5734), a port forwarded as itself (8080) or "
        + "LOCAL:NAME of a container port (5735:http), got ";
    String p = "<liveUpdate><portForwards><portForward>";
    assertEquals(List.of(
        p + "[1]" + forms + "nothing",
        p + "[2]" + forms + "'70000': the local port must be 1-65535",
        p + "[3]" + forms + "'80:0': the pod's port must be 1-65535",
        p + "[4]" + forms + "'a:b:c'",
        p + "[5]" + forms + "'81:Web_Port': a port name is 1-15 lowercase letters, digits and '-'",
        p + "[7] must forward a local port no other entry forwards, got '8080:81': local port 8080"
            + " is taken twice"), e.problems());
  }

  private static LiveUpdateXml xml() {
    LiveUpdateXml xml = new LiveUpdateXml().sync("api", "/app/api");
    xml.setTarget(new dev.liveupdate.config.xml.TargetXml());
    xml.getTarget().setDeployment("api");
    return xml;
  }

  private LiveUpdateConfig read(LiveUpdateXml xml) throws InvalidConfigException {
    return LiveUpdateConfigReader.read(xml, base, base.resolve("target"));
  }
}
