package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.ImageXml;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <liveUpdate>} around the syncs inferred from jib-maven-plugin. */
class InferredConfigTest {

  @TempDir Path temp;

  private ConfigFixture fixture() {
    return new ConfigFixture(temp);
  }

  private List<SyncRule> syncs(Path base) {
    Path classes = base.resolve("target/classes");
    return List.of(
        new SyncRule(classes, "/app/classes", new FileFilter(List.of("**.class"), List.of()), true),
        new SyncRule(classes, "/app/resources", new FileFilter(List.of(), List.of("**.class")),
            true));
  }

  private LiveUpdateConfig read(ConfigFixture fixture, LiveUpdateXml xml)
      throws InvalidConfigException {
    return LiveUpdateConfigReader.readInferred(xml, fixture.basedir,
        fixture.basedir.resolve("target"), ConfigFixture.QUIET, ConfigFixture.MAX_WAIT,
        syncs(fixture.basedir), new JavaApp(List.of("/app/classes", "/app/resources"),
            List.of(fixture.basedir.resolve("pom.xml"))));
  }

  private List<String> problems(ConfigFixture fixture, LiveUpdateXml xml) {
    return assertThrows(InvalidConfigException.class, () -> read(fixture, xml)).problems();
  }

  @Test
  void noLiveUpdateAtAllMeansTheWorkloadIsFoundByImage() throws Exception {
    ConfigFixture fixture = fixture();
    LiveUpdateConfig config = read(fixture, null);

    assertFalse(config.target().namesWorkload());
    assertEquals(syncs(fixture.basedir), config.syncs());
    assertTrue(config.javaApp().isPresent());
    assertEquals(Optional.empty(), config.image());
  }

  @Test
  void aTargetWithoutWorkloadKeepsItsNamespaceContainerAndContext() throws Exception {
    TargetXml target = new TargetXml();
    target.setNamespace("dev");
    target.setContainer("app");
    target.setContext("kind-dev");
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(target);

    Target read = read(fixture(), xml).target();

    assertEquals(Target.byImage(Optional.of("app"), Optional.of("dev"), Optional.of("kind-dev")),
        read);
  }

  @Test
  void aTargetNamingItsWorkloadOverridesTheSearchByImage() throws Exception {
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("api"));

    Target read = read(fixture(), xml).target();

    assertTrue(read.namesWorkload());
    assertEquals(Optional.of("api"), read.deployment());
  }

  @Test
  void everyProblemIsReportedByElementAndAnImageIsRefused() {
    TargetXml target = new TargetXml();
    target.setNamespace("Not_A_Namespace");
    LiveUpdateXml xml = new LiveUpdateXml().run("echo", "api/app.py");
    xml.setTarget(target);
    ImageXml image = new ImageXml();
    image.setFrom("base");
    xml.setImage(image);

    List<String> problems = problems(fixture(), xml);

    assertEquals(3, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("<liveUpdate><target><namespace> must be a namespace "
        + "name"), problems.get(0));
    assertTrue(problems.get(1).startsWith("<liveUpdate><runs><run>[1]<triggers><trigger>[1] must "
        + "lie inside a <sync><from> directory ('target/classes')"),
        problems.get(1));
    assertEquals("<liveUpdate><image> must be absent when the syncs are inferred from "
        + "jib-maven-plugin, got one: the module's own jib-maven-plugin builds the dev image; "
        + "remove <image>, or write <syncs> to configure everything yourself", problems.get(2));
  }

  @Test
  void aTriggerInsideTheOutputDirectoryIsAccepted() throws Exception {
    LiveUpdateConfig config = read(fixture(),
        new LiveUpdateXml().run("echo reloaded", "target/classes/**/*.properties"));

    assertEquals(1, config.runs().size());
  }
}
