package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.ImageXml;
import dev.liveupdate.config.xml.LayerXml;
import dev.liveupdate.config.xml.LiveUpdateXml;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <liveUpdate><image>}: the fallback build's base, target, layers and container config. */
class ImageValidationTest {

  private static final String IMAGE = "<liveUpdate><image>";

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  /** Valid as it is: each test breaks one thing. */
  static ImageXml image() {
    ImageXml image = new ImageXml();
    image.setFrom("127.0.0.1:5000/liveupdate/busybox:1");
    image.setTo("127.0.0.1:5000/tilt-avatar-api");
    return image.layer("api", "/app/api");
  }

  static LiveUpdateXml with(ImageXml image) {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.setImage(image);
    return xml;
  }

  @Test
  void imageIsOptional() throws Exception {
    assertEquals(Optional.empty(), module.read(ConfigFixture.tutorial()).image());
  }

  @Test
  void aFullImageIsReadInDeclarationOrder() throws Exception {
    ImageXml xml = image().layer("web", "/app/web/")
        .entrypoint("sh", "-c").cmd("exec httpd -f -p 8000 -h /app")
        .env("ZED", "last").env("ALPHA", "").port("8000", "53/udp");
    xml.setWorkingDir("/app/");
    xml.setAllowInsecureRegistries(true);

    ImageConfig image = module.read(with(xml)).image().orElseThrow();

    assertEquals("127.0.0.1:5000/liveupdate/busybox:1", image.from());
    assertEquals(List.of(new ImageLayer(module.basedir.resolve("api"), "/app/api"),
        new ImageLayer(module.basedir.resolve("web"), "/app/web")), image.layers());
    assertEquals(List.of("sh", "-c"), image.entrypoint());
    assertEquals(List.of("exec httpd -f -p 8000 -h /app"), image.cmd());
    assertEquals(Optional.of("/app"), image.workingDir());
    assertEquals(List.of("ZED", "ALPHA"), List.copyOf(image.env().keySet()));
    assertEquals(List.of(new ImagePort(8000, "tcp"), new ImagePort(53, "udp")), image.ports());
    assertTrue(image.allowInsecureRegistries());
  }

  @Test
  void absentOptionalElementsKeepTheBaseImages() throws Exception {
    ImageConfig image = module.read(with(image())).image().orElseThrow();

    assertEquals(List.of(), image.entrypoint());
    assertEquals(List.of(), image.cmd());
    assertEquals(Optional.empty(), image.workingDir());
    assertEquals(Map.of(), image.env());
    assertEquals(List.of(), image.ports());
    assertFalse(image.allowInsecureRegistries());
  }

  @Test
  void fromIsRequired() {
    ImageXml xml = image();
    xml.setFrom(" ");

    assertEquals(IMAGE + "<from> must name the base image, for example 'eclipse-temurin:17-jre'"
        + " or 'scratch', got nothing", module.problem(with(xml)));
  }

  @ParameterizedTest(name = "<from> ''{0}'' is not an image reference")
  @ValueSource(strings = {"Tilt/Avatar", "busybox:", "a b", "localhost:5000/x@sha256:abc"})
  void fromMustBeAnImageReference(String from) {
    ImageXml xml = image();
    xml.setFrom(from);

    assertEquals(IMAGE + "<from> must be an image reference such as 'eclipse-temurin:17-jre' or"
        + " 'localhost:5000/my-app:1' (lower-case repository, optional registry host, tag and"
        + " digest), got '" + from + "'", module.problem(with(xml)));
  }

  @Test
  void fromMayBeScratchOrPinnedByDigest() throws Exception {
    String pinned = "localhost:5000/base@sha256:" + "0123456789abcdef".repeat(4);
    for (String from : List.of("scratch", pinned, "eclipse-temurin:17-jre")) {
      ImageXml xml = image();
      xml.setFrom(from);
      assertEquals(from, module.read(with(xml)).image().orElseThrow().from());
    }
  }

  @Test
  void toIsRequired() {
    ImageXml xml = image();
    xml.setTo(null);

    assertEquals(IMAGE + "<to> must name the repository the image is pushed to, for example"
        + " 'localhost:5000/my-app', got nothing", module.problem(with(xml)));
  }

  @Test
  void toMustBeAnImageReference() {
    ImageXml xml = image();
    xml.setTo("localhost:5000/My-App");

    assertTrue(module.problem(with(xml)).startsWith(IMAGE + "<to> must be an image reference"),
        module.problem(with(xml)));
  }

  @Test
  void toMustNotBeScratch() {
    ImageXml xml = image();
    xml.setTo("scratch");

    assertEquals(IMAGE + "<to> must name a repository to push to, not 'scratch', got 'scratch'",
        module.problem(with(xml)));
  }

  @Test
  void toMustNotHaveADigest() {
    String withDigest = "localhost:5000/app@sha256:" + "0123456789abcdef".repeat(4);
    ImageXml xml = image();
    xml.setTo(withDigest);

    assertEquals(IMAGE + "<to> must not contain a digest (the digest is known only once the"
        + " image is built; a tag is optional), got '" + withDigest + "'", module.problem(with(xml)));
  }

  @ParameterizedTest(name = "<to> ''{0}'' pushes ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "127.0.0.1:5000/tilt-avatar-api      | 127.0.0.1:5000/tilt-avatar-api:liveupdate",
      "127.0.0.1:5000/tilt-avatar-api:dev  | 127.0.0.1:5000/tilt-avatar-api:dev",
      "localhost:5000/team/api:latest      | localhost:5000/team/api:latest",
  })
  void toGetsTheDefaultTagOnlyWhenItHasNone(String to, String pushed) throws Exception {
    ImageXml xml = image();
    xml.setTo(to);

    assertEquals(pushed, module.read(with(xml)).image().orElseThrow().to());
  }

  @Test
  void atLeastOneLayerIsRequired() {
    ImageXml xml = image();
    xml.getLayers().clear();

    assertEquals(IMAGE + "<layers> must contain at least one <layer> (<from> a local directory"
        + " <to> a container directory), got none", module.problem(with(xml)));
  }

  @Test
  void emptyLayerReportsBothChildren() {
    ImageXml xml = image();
    xml.getLayers().add(new LayerXml());

    assertEquals(List.of(
        IMAGE + "<layers><layer>[2]<from> must name a local directory relative to the module, got nothing",
        IMAGE + "<layers><layer>[2]<to> must be an absolute container path, got nothing"),
        module.problems(with(xml)));
  }

  @Test
  void layerFromMustExist() {
    String problem = module.problem(with(image().layer("src/main/webapp", "/app/web")));

    assertEquals(IMAGE + "<layers><layer>[2]<from> must be an existing directory,"
        + " got 'src/main/webapp' (" + module.basedir.resolve("src/main/webapp")
        + " does not exist)", problem);
  }

  @Test
  void layerFromMustBeADirectory() {
    String problem = module.problem(with(image().layer("pom.xml", "/app/pom.xml")));

    assertTrue(problem.startsWith(IMAGE + "<layers><layer>[2]<from> must be a directory"), problem);
  }

  @Test
  void layerFromMustStayInsideTheModule() {
    String problem = module.problem(with(image().layer("../..", "/")));

    assertTrue(problem.startsWith(IMAGE + "<layers><layer>[2]<from> must lie inside the module"
        + " directory " + module.basedir + ", got '../..'"), problem);
  }

  @ParameterizedTest(name = "layer <to> ''{0}'' is rejected: {1}")
  @CsvSource(delimiter = '|', value = {
      "app/api      | must be an absolute container path, got 'app/api'",
      "/app/../etc  | must not contain '..' segments, got '/app/../etc'",
  })
  void layerToMustBeAnAbsoluteContainerPath(String to, String expected) {
    assertEquals(IMAGE + "<layers><layer>[2]<to> " + expected,
        module.problem(with(image().layer("web", to))));
  }

  @Test
  void workingDirMustBeAbsolute() {
    ImageXml xml = image();
    xml.setWorkingDir("app");

    assertEquals(IMAGE + "<workingDir> must be an absolute container path, got 'app'",
        module.problem(with(xml)));
  }

  @ParameterizedTest(name = "<port> ''{0}'' is rejected")
  @ValueSource(strings = {"0", "65536", "http", "8000/sctp", "80-90", "-1"})
  void portsMustBeNumbersWithAnOptionalProtocol(String port) {
    assertEquals(IMAGE + "<ports><port>[2] must be a port number from 1 to 65535, optionally"
        + " followed by /tcp or /udp ('8000', '8000/udp'), got '" + port + "'",
        module.problem(with(image().port("8000", port))));
  }

  @Test
  void envNamesMustBeVariableNames() {
    assertEquals(IMAGE + "<env> names must be environment variable names (letters, digits, '_',"
        + " '-' or '.', not starting with a digit), got '1ST'",
        module.problem(with(image().env("OK", "v").env("1ST", "v"))));
  }

  @Test
  void envValuesMustNotContainNul() {
    assertEquals(IMAGE + "<env><GREETING> must not contain NUL characters, got 'a\\0b'",
        module.problem(with(image().env("GREETING", "a\0b"))));
  }

  @Test
  void argumentsMustNotContainNul() {
    assertEquals(IMAGE + "<cmd><arg>[2] must not contain NUL characters, got 'a\\0b'",
        module.problem(with(image().cmd("ok", "a\0b"))));
  }

  @Test
  void everyImageProblemIsReportedAtOnceWithTheOthers() {
    ImageXml xml = new ImageXml().port("0");
    xml.setWorkingDir("relative");
    LiveUpdateXml liveUpdate = with(xml);
    liveUpdate.setTarget(null);

    List<String> problems = module.problems(liveUpdate);

    assertEquals(6, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("<liveUpdate><target> is missing"), problems.get(0));
    assertTrue(problems.stream().skip(1).allMatch(p -> p.startsWith(IMAGE)), problems.toString());
  }
}
