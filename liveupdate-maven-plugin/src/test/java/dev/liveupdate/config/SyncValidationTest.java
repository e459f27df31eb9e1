package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.SyncXml;
import dev.liveupdate.config.xml.TargetXml;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code <liveUpdate><syncs><sync>}: local source directories and their container paths. */
class SyncValidationTest {

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @Test
  void atLeastOneSyncIsRequired() {
    String problem = module.problem(minimal());

    assertEquals("<liveUpdate><syncs> must contain at least one <sync>"
        + " (<from> a local directory <to> a container directory), got none", problem);
  }

  @Test
  void fromIsRequired() {
    String problem = module.problem(minimal().sync("  ", "/app/api"));

    assertEquals("<liveUpdate><syncs><sync>[1]<from> must name a local directory relative to the"
        + " module, got nothing", problem);
  }

  @Test
  void emptySyncElementReportsBothChildren() {
    LiveUpdateXml xml = minimal();
    xml.getSyncs().add(new SyncXml());

    List<String> problems = module.problems(xml);

    assertEquals(List.of(
        "<liveUpdate><syncs><sync>[1]<from> must name a local directory relative to the module, got nothing",
        "<liveUpdate><syncs><sync>[1]<to> must be an absolute container path, got nothing"), problems);
  }

  @Test
  void fromMustStayInsideTheModule() {
    String problem = module.problem(minimal().sync("api/../../elsewhere", "/app"));

    assertEquals("<liveUpdate><syncs><sync>[1]<from> must lie inside the module directory "
        + module.basedir + ", got 'api/../../elsewhere' (resolves to "
        + module.basedir.resolveSibling("elsewhere") + ")", problem);
  }

  @Test
  void absoluteFromOutsideTheModuleIsRejected() {
    String outside = tempDir.toString();

    String problem = module.problem(minimal().sync(outside, "/app"));

    assertTrue(problem.startsWith("<liveUpdate><syncs><sync>[1]<from> must lie inside the module directory "
        + module.basedir + ", got '" + outside + "'"), problem);
  }

  @Test
  void absoluteFromInsideTheModuleIsAccepted() throws Exception {
    Path api = module.basedir.resolve("api");

    assertEquals(api, module.read(minimal().sync(api.toString(), "/app/api")).syncs().get(0).from());
  }

  @Test
  void fromMustExist() {
    String problem = module.problem(minimal().sync("src/main/resources", "/app/resources"));

    assertEquals("<liveUpdate><syncs><sync>[1]<from> must be an existing directory,"
        + " got 'src/main/resources' (" + module.basedir.resolve("src/main/resources")
        + " does not exist)", problem);
  }

  @Test
  void fromMustBeADirectory() {
    String problem = module.problem(minimal().sync("api/app.py", "/app/api/app.py"));

    assertTrue(problem.startsWith("<liveUpdate><syncs><sync>[1]<from> must be a directory (a sync"
        + " copies everything below it;"), problem);
    assertTrue(problem.endsWith("got 'api/app.py' (" + module.basedir.resolve("api/app.py") + " is a file)"), problem);
  }

  @Test
  void theWholeModuleAndTheBuildDirectoryMayBeSynced() throws Exception {
    LiveUpdateConfig config = module.read(minimal().sync("target/classes", "/app/classes").sync(".", "/src"));

    assertEquals(module.basedir.resolve("target/classes"), config.syncs().get(0).from());
    assertEquals(module.basedir, config.syncs().get(1).from());
  }

  @ParameterizedTest(name = "<to> ''{0}'' is rejected: {1}")
  @CsvSource(delimiter = '|', value = {
      "app/api        | must be an absolute container path, got 'app/api'",
      "./app          | must be an absolute container path, got './app'",
      "/app/../etc    | must not contain '..' segments, got '/app/../etc'",
      "/app/api/..    | must not contain '..' segments, got '/app/api/..'",
  })
  void toMustBeAnAbsoluteContainerPath(String to, String expected) {
    String problem = module.problem(minimal().sync("api", to));

    assertEquals("<liveUpdate><syncs><sync>[1]<to> " + expected, problem);
  }

  @Test
  void toIsRequired() {
    String problem = module.problem(minimal().sync("api", null));

    assertEquals("<liveUpdate><syncs><sync>[1]<to> must be an absolute container path, got nothing", problem);
  }

  @Test
  void toMustNotHoldNulOrLineBreaks() {
    List<String> problems = module.problems(minimal().sync("api", "/app/a\nb").sync("web", "/app/w\0"));

    assertEquals(List.of(
        "<liveUpdate><syncs><sync>[1]<to> must not contain NUL or line-break characters, got '/app/a\\nb'",
        "<liveUpdate><syncs><sync>[2]<to> must not contain NUL or line-break characters, got '/app/w\\0'"),
        problems);
  }

  @ParameterizedTest(name = "<to> ''{0}'' becomes ''{1}''")
  @CsvSource({
      "/app/api/,        /app/api",
      "//app///api,      /app/api",
      "/app/./api/.,     /app/api",
      "///srv//www/,     /srv/www",
      "' /app/api ',     /app/api",
  })
  void toIsNormalised(String to, String normalised) throws Exception {
    assertEquals(normalised, module.read(minimal().sync("api", to)).syncs().get(0).to());
  }

  @Test
  void sameFromToTwoDestinationsIsRejected() {
    String problem = module.problem(minimal().sync("api", "/app/api").sync("./api/", "/srv/api"));

    assertEquals("<liveUpdate><syncs><sync>[2]<from> must differ from <sync>[1]<from>: one local"
        + " directory cannot be copied to both '/app/api' and '/srv/api', got './api/' again", problem);
  }

  @Test
  void duplicateSyncIsRejected() {
    String problem = module.problem(minimal().sync("api", "/app/api").sync("api", "/app/api/"));

    assertEquals("<liveUpdate><syncs><sync>[2] must not repeat <sync>[1], got the same <from> 'api'"
        + " and <to> '/app/api' again", problem);
  }

  @Test
  void nestedSyncDeclaredAfterItsParentIsRejected() {
    String problem = module.problem(minimal().sync("api", "/app/api").sync("api/static", "/srv/static"));

    assertEquals("<liveUpdate><syncs><sync>[2] must be declared before <sync>[1], whose <from> 'api'"
        + " contains it: the first sync containing a file takes it (as in Tilt), so this one would"
        + " never be used, got <from> 'api/static'", problem);
  }

  @Test
  void nestedSyncDeclaredFirstIsAcceptedAndTakesItsFiles() throws Exception {
    LiveUpdateConfig config = module.read(minimal().sync("api/static", "/srv/static").sync("api", "/app/api"));

    Path logo = module.basedir.resolve("api/static/logo.svg");
    Path app = module.basedir.resolve("api/app.py");
    assertEquals("/srv/static/logo.svg", config.syncFor(logo).orElseThrow().containerPath(logo));
    assertEquals("/app/api/app.py", config.syncFor(app).orElseThrow().containerPath(app));
    assertTrue(config.syncFor(module.basedir.resolve("web/index.html")).isEmpty());
  }

  @Test
  void siblingSourcesWithAShareOfTheirNameAreNotNested() throws Exception {
    module.dir("api2");

    assertEquals(2, module.read(minimal().sync("api", "/app/api").sync("api2", "/app/api2")).syncs().size());
  }

  /** A valid target and nothing else: tests add the syncs. */
  private static LiveUpdateXml minimal() {
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("api"));
    xml.setSyncs(new ArrayList<>());
    return xml;
  }
}
