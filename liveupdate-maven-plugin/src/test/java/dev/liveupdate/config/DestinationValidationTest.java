package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where syncs may copy to, and from: system directories, overlapping destinations, symlinked
 * sources; and the checks beside them (a rebuild needs a Deployment, the namespace parameter).
 */
class DestinationValidationTest {

  private static final String SYNC = "<liveUpdate><syncs><sync>";

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @Test
  void theRootIsRefusedNamingTheElement() {
    String problem = module.problem(minimal().sync("api", "/"));

    assertEquals(SYNC + "[1]<to> must be a directory of the application's own, not '/', which the"
        + " image's system and other software share: a sync mirrors its destination (a file"
        + " deleted locally is deleted there, and at start-up whatever the module lacks), so it"
        + " would delete the image's own files; use a directory below it or elsewhere, such as"
        + " '/app', got '/'", problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"//", "/.", "/bin", "/usr", "/usr/local/bin", "/etc/", "/var", "/tmp",
      "/home", "/opt", "/lib64", "/usr/share"})
  void sharedSystemDirectoriesAreRefusedAsDestinations(String to) {
    String problem = module.problem(minimal().sync("api", to));

    assertTrue(problem.startsWith(SYNC + "[1]<to> must be a directory of the application's own"),
        problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/proc", "/proc/1/root", "/sys/fs", "/dev", "/dev/shm/app", "/run",
      "/var/run/app", "/boot"})
  void kernelAndRuntimeTreesAreRefusedWithEverythingBelowThem(String to) {
    String problem = module.problem(minimal().sync("api", to));

    assertTrue(problem.startsWith(SYNC + "[1]<to> must not lie in '/"), problem);
    assertTrue(problem.endsWith("no application's files live there, and a sync writes and deletes"
        + " in its destination, got '" + to + "'"), problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/usr/share/nginx/html", "/etc/nginx/conf.d", "/var/www/html",
      "/usr/local/lib/python3.12/site-packages/app", "/opt/app", "/app", "/srv/app",
      "/home/app/src", "/tmp/app", "/process", "/devices", "/running"})
  void directoriesAnApplicationOwnsAreAccepted(String to) throws Exception {
    assertEquals(to, module.read(minimal().sync("api", to)).syncs().get(0).to());
  }

  @Test
  void twoSyncsIntoOneDirectoryAreRefusedNamingBoth() {
    String problem = module.problem(minimal().sync("api", "/app/x").sync("web", "/app/x"));

    assertEquals(SYNC + "[2]<to> must not overlap <sync>[1]<to> '/app/x': two unrelated sources"
        + " ('web', 'api') in one container directory lose files (a file deleted from one is"
        + " deleted in the container though the other has it; a name in both is overwritten);"
        + " give each sync a directory of its own, got '/app/x'", problem);
  }

  @Test
  void aDestinationInsideAnUnrelatedSyncsIsRefusedEitherWay() {
    assertTrue(module.problem(minimal().sync("web", "/app").sync("api", "/app/api"))
        .startsWith(SYNC + "[2]<to> must not overlap <sync>[1]<to> '/app'"));
    assertTrue(module.problem(minimal().sync("api", "/app/api").sync("web", "/app"))
        .startsWith(SYNC + "[2]<to> must not overlap <sync>[1]<to> '/app/api'"));
  }

  @Test
  void aNestedSourceMayGoWhereTheOuterSyncWouldPutIt() throws Exception {
    LiveUpdateConfig config =
        module.read(minimal().sync("api/static", "/app/api/static").sync("api", "/app/api"));

    assertEquals(List.of("/app/api/static", "/app/api"),
        config.syncs().stream().map(SyncRule::to).toList());
  }

  @Test
  void aNestedSourceElsewhereInsideTheOuterDestinationIsRefusedNamingWhereItMayGo() {
    String problem = module.problem(
        minimal().sync("api/static", "/app/api/assets").sync("api", "/app/api"));

    assertEquals(SYNC + "[1]<to> must be '/app/api/static', where <sync>[2] puts its <from>"
        + " 'api/static', or lie outside <sync>[2]<to> '/app/api': otherwise one container"
        + " directory has two local origins and loses files (a file deleted from one is deleted"
        + " in the container though the other has it), got '/app/api/assets'", problem);
  }

  @Test
  void aNestedSourceOutsideTheOuterDestinationIsAccepted() throws Exception {
    assertEquals(2, module.read(minimal().sync("api/static", "/srv/static").sync("api", "/app"))
        .syncs().size());
  }

  @Test
  void aSourceThatIsASymlinkLeavingTheModuleIsRefused() throws Exception {
    Path outside = Files.createDirectories(tempDir.resolve("outside"));
    Files.createSymbolicLink(module.basedir.resolve("linked"), outside);

    String problem = module.problem(minimal().sync("linked", "/app"));

    assertEquals(SYNC + "[1]<from> must lie inside the module directory " + module.basedir
        + ", got 'linked' (resolves to " + outside.toRealPath() + " through a symlink)", problem);
  }

  @Test
  void aSourceThatIsASymlinkInsideTheModuleIsRefusedAsTheWatcherDoesNotFollowIt()
      throws Exception {
    Files.createSymbolicLink(module.basedir.resolve("api-link"), Path.of("api"));

    String problem = module.problem(minimal().sync("api-link/static", "/app"));

    assertTrue(problem.startsWith(SYNC + "[1]<from> must be a directory, not a symlink nor below"
        + " one (the watcher does not follow links"), problem);
    assertTrue(problem.endsWith("got 'api-link/static' (resolves to "
        + module.basedir.resolve("api/static").toRealPath() + ")"), problem);
  }

  @Test
  void anImageWithASelectorTargetIsRefusedAsARebuildRollsOutADeployment() {
    LiveUpdateXml xml = ImageValidationTest.with(ImageValidationTest.image());
    xml.setTarget(TargetXml.selector("app=api"));

    String problem = module.problem(xml);

    assertEquals("<liveUpdate><image> needs <target><deployment>: a rebuild rolls the new image"
        + " out by setting that Deployment's image, and a <selector> names no Deployment; target"
        + " the Deployment instead, or drop <image> (changes that need a rebuild are then"
        + " reported), got <selector> 'app=api'", problem);
  }

  @Test
  void theNamespaceParameterIsCheckedAsTheNamespaceElementIs() {
    assertEquals(List.of("liveupdate.namespace must be a namespace name (DNS-1123 label: "
        + KubeNames.LABEL_RULE + "), got 'Team_A'"),
        LiveUpdateConfigReader.checkTargetParameters("Team_A"));
    assertEquals(List.of(), LiveUpdateConfigReader.checkTargetParameters(" team-a "));
    assertEquals(List.of(), LiveUpdateConfigReader.checkTargetParameters(null));
    assertEquals(List.of(), LiveUpdateConfigReader.checkTargetParameters(""));
  }

  /** A valid target and nothing else: tests add the syncs. */
  private static LiveUpdateXml minimal() {
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("api"));
    xml.setSyncs(new ArrayList<>());
    return xml;
  }
}
