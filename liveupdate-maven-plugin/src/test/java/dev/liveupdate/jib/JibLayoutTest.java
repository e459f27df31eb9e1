package dev.liveupdate.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JibLayoutTest {

  @TempDir
  Path module;

  @Test
  void explodedJarModuleSyncsClassesAndResourcesBelowTheAppRootAndRebuildsOnThePom() {
    JibLayout.Inferred layout = inferred(JibSettings.builder(module).build());

    assertEquals("/app", layout.appRoot());
    assertEquals(2, layout.syncs().size(), "src/main/jib is absent: Jib copies nothing from it");
    InferredSync classes = layout.syncs().get(0);
    InferredSync resources = layout.syncs().get(1);
    Path out = module.resolve("target/classes");
    assertEquals(out, classes.source());
    assertEquals("/app/classes", classes.containerDir());
    assertEquals("/app/resources", resources.containerDir());
    assertTrue(classes.takes(out.resolve("demo/App.class")));
    assertTrue(classes.takes(out.resolve("App$1.class")), "top-level and inner classes too");
    assertFalse(classes.takes(out.resolve("demo/messages.properties")));
    assertTrue(resources.takes(out.resolve("demo/messages.properties")));
    assertTrue(resources.takes(out.resolve("META-INF/services/x.Y")));
    assertFalse(resources.takes(out.resolve("demo/App.class")));
    assertFalse(resources.takes(module.resolve("src/main/java/demo/App.java")));
    assertEquals("/app/classes/demo/App.class", classes.containerPath(out.resolve("demo/App.class")));
    assertEquals(List.of(module.resolve("pom.xml")), layout.rebuildOn());
  }

  @Test
  void extraDirectoriesGoToTheirIntoWithTheirFiltersAndPermissions() throws Exception {
    Files.createDirectories(module.resolve("src/main/jib"));
    JibSettings jib = JibSettings.builder(module).appRoot("/srv/app/")
        .extraDirectory(new JibSettings.ExtraDirectory(module.resolve("src/main/scripts"), "/opt/bin/",
            List.of("*.sh"), List.of("tmp-*"), false))
        .permission("/opt/bin/*.sh", "755")
        .build();

    JibLayout.Inferred layout = inferred(jib);

    assertEquals("/srv/app", layout.appRoot(), "a trailing slash is dropped");
    assertEquals("/srv/app/classes", layout.syncs().get(0).containerDir());
    assertEquals(3, layout.syncs().size(), "a configured extra directory replaces src/main/jib");
    InferredSync scripts = layout.syncs().get(2);
    assertEquals("/opt/bin", scripts.containerDir());
    assertEquals(Map.of("/opt/bin/*.sh", "755"), scripts.permissions());
    Path src = module.resolve("src/main/scripts");
    assertTrue(scripts.takes(src.resolve("start.sh")));
    assertFalse(scripts.takes(src.resolve("tmp-start.sh")), "excluded");
    assertFalse(scripts.takes(src.resolve("sub/start.sh")), "NIO glob: * stays in one directory");
    assertFalse(scripts.takes(src.resolve("README")), "not included");
    assertEquals("/opt/bin/start.sh", scripts.containerPath(src.resolve("start.sh")));
  }

  @Test
  void jibsDefaultExtraDirectoryIsSyncedToTheRootWhenItExists() throws Exception {
    Files.createDirectories(module.resolve("src/main/jib/etc"));
    InferredSync extra = inferred(JibSettings.builder(module).build()).syncs().get(2);

    assertEquals(module.resolve("src/main/jib"), extra.source());
    assertEquals("/", extra.containerDir());
    assertEquals("/etc/app.conf", extra.containerPath(module.resolve("src/main/jib/etc/app.conf")));
    assertTrue(extra.takes(module.resolve("src/main/jib/etc/app.conf")));
  }

  @Test
  void describesTheRulesInTheLinesPrintedAtStart() throws Exception {
    Files.createDirectories(module.resolve("src/main/jib"));
    List<String> lines = inferred(JibSettings.builder(module).build()).describe();

    assertEquals(List.of(
        "Sync rules inferred from jib-maven-plugin (exploded, appRoot /app):",
        "  target/classes (includes **.class)  -> /app/classes  (Jib's classes layer)",
        "  target/classes (excludes **.class)  -> /app/resources  (Jib's resources layer)",
        "  src/main/jib                        -> /  (Jib's default extra directory)",
        "  pom.xml                             -> rebuild the image  (dependencies and Jib's "
            + "configuration)"), lines);
  }

  @Test
  void packagedModeIsRefusedNamingExplodedModeAndSyncs() {
    String reason = refused(JibSettings.builder(module).containerizingMode("packaged").build());

    assertEquals("jib-maven-plugin <containerizingMode> is packaged: the app runs from the "
        + "module's jar in /app/classpath, which cannot be updated file by file; build the "
        + "development image in exploded mode (<containerizingMode>exploded</containerizingMode>, "
        + "Jib's default, for instance in a dev profile, or -Djib.containerizingMode=exploded), "
        + "or configure <liveUpdate><syncs> yourself", reason);
  }

  @Test
  void warIsRefusedWithASyncToWriteInstead() {
    String reason = refused(JibSettings.builder(module).packaging("war").build());

    assertEquals("the module is packaged as a war: Jib explodes the WAR into "
        + "/var/lib/jetty/webapps/ROOT, a layout live update does not infer; configure "
        + "<liveUpdate><syncs> yourself, for instance <sync><from>target/classes</from>"
        + "<to>/var/lib/jetty/webapps/ROOT/WEB-INF/classes</to></sync>", reason);
  }

  @Test
  void otherUnsupportedSetupsSayWhatIsWrong() {
    assertTrue(refused(JibSettings.builder(module).packaging("pom").build())
        .startsWith("the module's packaging is pom: jib-maven-plugin builds no image for it"));
    assertEquals("jib-maven-plugin <containerizingMode> must be exploded or packaged, got 'lazy'",
        refused(JibSettings.builder(module).containerizingMode("lazy").build()));
    assertEquals("jib-maven-plugin <container><appRoot> must be an absolute container path, got "
        + "'app'", refused(JibSettings.builder(module).appRoot("app").build()));
    assertEquals("jib-maven-plugin <extraDirectories><paths><path>[2]<into> must be an absolute "
        + "container path, got 'etc'", refused(JibSettings.builder(module)
            .extraDirectory(new JibSettings.ExtraDirectory(module.resolve("a"), "/", List.of(),
                List.of(), false))
            .extraDirectory(new JibSettings.ExtraDirectory(module.resolve("b"), "etc", List.of(),
                List.of(), false)).build()));
  }

  private static JibLayout.Inferred inferred(JibSettings jib) {
    return assertInstanceOf(JibLayout.Inferred.class, JibLayout.infer(jib));
  }

  private static String refused(JibSettings jib) {
    return assertInstanceOf(JibLayout.Unsupported.class, JibLayout.infer(jib)).reason();
  }
}
