package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code liveupdate:sync} under real {@code mvn}, two replicas of an image built from an older
 * tree, every result read inside the containers with podman exec. The tests run in order, like
 * builds one after the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncGoalIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("sync-goal");


  private static final Duration MVN_TIMEOUT = Duration.ofSeconds(90);
  private static final String OUTSIDE = "baked into the image, outside the destination\n";
  private static final String LOG = "written by the app, ignored by the sync\n";

  private static TestCluster cluster;
  private static Path work;
  private static Path project;
  private static List<PodInfo> pods;

  @BeforeAll
  static void startCluster() throws Exception {
    work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("sync-goal", work);
    Files.setPosixFilePermissions(project.resolve("api/tools/run me.sh"),
        PosixFilePermissions.fromString("rwxr-x---"));
    // The image holds an older tree: a file since deleted, none of today's, and files the sync
    // must never touch (outside the destination, and ignored inside it).
    Path image = Files.createDirectories(work.resolve("image-app"));
    Files.createDirectories(image.resolve("api"));
    Files.writeString(image.resolve("outside.txt"), OUTSIDE);
    Files.writeString(image.resolve("api/stale.py"), "print('removed since')\n");
    Files.writeString(image.resolve("api/server.log"), LOG);
    String reference = cluster.buildImage("sync-goal", "1", Map.of(image, "/app"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "sync-goal", 2, Map.of("app", "sync-goal"), "api",
        reference, List.of());
    pods = cluster.waitForRunningPods("default", "sync-goal", 2, Duration.ofSeconds(60));
  }

  @Test
  @Order(1)
  void firstSyncCopiesTheWholeTreeDeletesWhatIsGoneAndRunsTheTriggeredStep() throws Exception {
    List<String> output = sync(0, "liveupdate:sync");

    for (PodInfo pod : pods) {
      assertLine(output, "sync: 4 file(s) copied, 1 deleted, 0 up to date in " + pod.name()
          + "/api");
      for (String file : List.of("app.py", "requirements.txt", "tools/run me.sh",
          "static files/logo ✓.svg")) {
        assertEquals(Files.readString(project.resolve("api").resolve(file),
            StandardCharsets.UTF_8), read(pod, "/app/api/" + file), file + " in " + pod.name());
      }
      assertEquals("750", exec(pod, "stat", "-c", "%a", "/app/api/tools/run me.sh").trim());
      assertEquals("absent", exists(pod, "/app/api/stale.py"));
      assertEquals(read(pod, "/app/api/requirements.txt"),
          read(pod, "/app/installed-requirements.txt"), "the triggered run step ran");
      assertUntouched(pod);
    }
    assertLine(output, "installed 2 requirement(s)");
  }

  @Test
  @Order(2)
  void secondSyncWithNoChangeCopiesNothingAndRunsNothing() throws Exception {
    for (PodInfo pod : pods) {
      exec(pod, "rm", "/app/installed-requirements.txt");
    }

    List<String> output = sync(0, "liveupdate:sync");

    for (PodInfo pod : pods) {
      assertLine(output, "sync: everything up to date in " + pod.name() + "/api (4 file(s))");
      assertEquals("absent", exists(pod, "/app/installed-requirements.txt"),
          "no run step may run when nothing was copied");
      assertUntouched(pod);
    }
    assertTrue(output.stream().noneMatch(l -> PluginLines.isUpdateHeader(l) || l.contains("[CMD")),
        String.join("\n", output));
  }

  @Test
  @Order(3)
  void filesDeletedLocallyAreDeletedByTheSyncBoundToPreIntegrationTest() throws Exception {
    Files.delete(project.resolve("api/tools/run me.sh"));
    Path statics = project.resolve("api/static files");
    Files.delete(statics.resolve("logo ✓.svg"));
    Files.delete(statics);

    List<String> output = sync(0, "verify");

    assertLine(output, "liveupdate:" + System.getProperty("liveupdate.version")
        + ":sync (sync-dev-cluster)");
    for (PodInfo pod : pods) {
      assertLine(output, "sync: 0 file(s) copied, 2 deleted, 2 up to date in " + pod.name()
          + "/api");
      assertEquals("absent", exists(pod, "/app/api/tools/run me.sh"));
      assertEquals("absent", exists(pod, "/app/api/static files"));
      assertEquals("present", exists(pod, "/app/api/tools"), "the local folder is still there");
      assertEquals("present", exists(pod, "/app/api/app.py"));
      assertUntouched(pod);
    }
  }

  @Test
  @Order(4)
  void aFailingRunStepFailsTheBuildNamingTheCommand() throws Exception {
    Files.createDirectories(project.resolve("api/fail"));
    Files.writeString(project.resolve("api/fail/reason.txt"), "on purpose\n");

    List<String> output = sync(1, "liveupdate:sync");

    String command = "echo \"refusing: $(cat /app/api/fail/*)\" >&2; exit 3";
    assertLine(output, "[CMD 1/1] " + command + " exited with 3");
    assertLine(output, "refusing: on purpose");
    assertLine(output, "BUILD FAILURE");
    for (PodInfo pod : pods) {
      assertEquals("on purpose\n", read(pod, "/app/api/fail/reason.txt"),
          "files are copied before the run steps");
      assertUntouched(pod);
    }
  }

  /** Runs mvn on the sample project and returns its output, asserting its exit status. */
  private static List<String> sync(int expectedExit, String goal) throws Exception {
    try (MavenProcess mvn = MavenProcess.start(project, goal,
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
      int exit = mvn.awaitExit(MVN_TIMEOUT);
      if (expectedExit == 0) {
        assertEquals(0, exit, "mvn " + goal + " failed:\n" + mvn.tail(60));
      } else {
        assertNotEquals(0, exit, "mvn " + goal + " must fail:\n" + mvn.tail(60));
      }
      return mvn.lines();
    }
  }

  private static void assertLine(List<String> output, String expected) {
    assertTrue(output.stream().anyMatch(line -> line.contains(expected)),
        "no line contains '" + expected + "' in:\n" + String.join("\n", output));
  }

  /** Nothing outside /app/api, and nothing ignored inside it, was changed. */
  private static void assertUntouched(PodInfo pod) {
    assertEquals(OUTSIDE, read(pod, "/app/outside.txt"));
    assertEquals(LOG, read(pod, "/app/api/server.log"));
    String top = exec(pod, "ls", "-A", "/app");
    assertTrue(List.of("api\noutside.txt\n", "api\ninstalled-requirements.txt\noutside.txt\n")
        .contains(top), "unexpected entries in /app of " + pod.name() + ":\n" + top);
  }

  private static String read(PodInfo pod, String path) {
    return exec(pod, "sh", "-c", "cat \"$1\" 2>/dev/null || true", "sh", path);
  }

  private static String exists(PodInfo pod, String path) {
    return exec(pod, "sh", "-c", "if [ -e \"$1\" ]; then echo present; else echo absent; fi",
        "sh", path).trim();
  }

  private static String exec(PodInfo pod, String... argv) {
    return cluster.podmanExec(pod.containerId(), argv);
  }
}
