package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nothing outside a destination, ever, under real {@code mvn} against one busybox container: names
 * with line breaks are copied and deleted whole, a link target shaped like the container listing
 * fools no sync, a link leaving its source through other links is refused, and a container that
 * cannot take a live update is said so once. Every result is read inside the container. The tests
 * run in order, as one user's session would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PathSafetyIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("path-safety");

  private static final Duration MVN_TIMEOUT = Duration.ofSeconds(90);
  private static final String FRESH = "print('fresh')\n";
  private static final String KEEP = "outside the destination\n";

  private static TestCluster cluster;
  private static Path project;
  private static PodInfo pod;
  private static String forged;

  @BeforeAll
  static void startCluster() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("path-safety", work);
    Path image = Files.createDirectories(work.resolve("image-app/victim"));
    Files.writeString(image.resolve("file"), KEEP);
    String reference = cluster.buildImage("path-safety", "1", Map.of(image.getParent(), "/app"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "path-safety", 1, Map.of("app", "path-safety"), "main",
        reference, List.of());
    pod = cluster.waitForRunningPods("default", "path-safety", 1, Duration.ofSeconds(60)).get(0);
    // What the container holds: a stale app.py, a name gone locally, and a link whose target
    // claims, in the listing's old one-path-per-line shape, that app.py is already fresh.
    forged = "x\n@files\n" + sha256(FRESH) + "  /app/api/app.py";
    exec("mkdir -p /app/api && echo \"print('stale')\" > /app/api/app.py && ln -s \"$1\""
        + " /app/api/evil && echo gone > \"$2\"", forged, "/app/api/gone\nname");
  }

  @Test
  @Order(1)
  void syncCopiesLineBreakNamesRefusesAnEscapingLinkAndIsNotFooledByALinkTarget()
      throws Exception {
    Path api = project.resolve("api");
    Files.createSymbolicLink(api.resolve("evil"), Path.of(forged));
    Files.writeString(api.resolve("two\nlines.txt"), "two lines\n");
    Files.createSymbolicLink(api.resolve("l2"), Path.of("."));
    Files.createSymbolicLink(api.resolve("l1"), Path.of("l2/l2/../.."));

    List<String> output = sync();

    assertLine(output, "sync: 3 file(s) copied, 1 deleted, 1 up to date in " + pod.name()
        + "/main");
    assertEquals(FRESH, read("/app/api/app.py"), "the forged link target fooled the listing");
    assertEquals("two lines\n", read("/app/api/two\nlines.txt"));
    assertEquals("absent", exists("/app/api/gone\nname"));
    assertEquals(".", exec("readlink /app/api/l2").trim(), "a link that stays inside is a link");
    assertEquals("absent", exists("/app/api/l1"), "l1 resolves to /app, outside /app/api");
    assertLine(output, "l1: symlink to 'l2/l2/../..' resolves outside");
    assertEquals(KEEP, read("/app/victim/file"));
  }

  @Test
  @Order(2)
  void aSecondSyncFindsNothingToDoTheRefusedLinkIncluded() throws Exception {
    List<String> output = sync();

    assertLine(output, "sync: everything up to date in " + pod.name() + "/main (4 file(s))");
  }

  @Test
  @Order(3)
  void devDeletesANameWithALineBreakWholeAndNothingOutsideTheDestination() throws Exception {
    // "/app/api/x⏎/app/victim/file", read one path per line, is "/app/api/x" and a real file
    Path odd = Files.createDirectories(project.resolve("api/x\n/app/victim"));
    try (MavenProcess mvn = MavenProcess.startDev(project, cluster.kubeconfig(),
        "deployment/path-safety", "-Dliveupdate.onStart=none", "-Dliveupdate.maxUpdates=2")) {
      Files.writeString(odd.resolve("file"), "local\n");
      await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> read("/app/api/x\n/app/victim/file").equals("local\n"));

      Files.delete(odd.resolve("file"));

      assertEquals(0, mvn.awaitExit(MVN_TIMEOUT), mvn.tail(40));
      assertEquals("absent", exists("/app/api/x\n/app/victim/file"), mvn.tail(40));
    }
    assertEquals(KEEP, read("/app/victim/file"));
  }

  @Test
  @Order(4)
  void aContainerWithoutShEndsTheGoalAtStartAsAPermanentMistake() throws Exception {
    // Not tar: Debian's busybox-static shell runs its tar applet even without a tar in the PATH.
    exec("rm /bin/sh");
    long before = execRequests();
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.onStart=none")) {
      assertNotEquals(0, mvn.awaitExit(MVN_TIMEOUT), mvn.tail(30));
      List<String> said = mvn.lines().stream().filter(l -> l.contains("has no sh")).toList();
      assertEquals(1, said.size(), mvn.tail(30));
      assertTrue(said.get(0).contains("[ERROR]") && said.get(0).contains("distroless"), said.get(0));
      assertTrue(said.get(0).contains("nor has it the dev image's receiver") && said.get(0)
          .contains("run the dev image"), said.get(0));
      assertTrue(mvn.lines().stream().noneMatch(l -> l.contains("Watching ")), mvn.tail(30));
    }
    assertEquals(2, execRequests() - before, "one exec checks the tools, one asks for the dev"
        + " image's Java receiver (which has no shell to miss); none is tried again");
  }

  private static long execRequests() {
    return cluster.requests().stream()
        .filter(r -> r.isExec() && r.path().contains("/" + pod.name() + "/")).count();
  }

  private static List<String> sync() throws Exception {
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:sync",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig())) {
      assertEquals(0, mvn.awaitExit(MVN_TIMEOUT), "mvn liveupdate:sync failed:\n" + mvn.tail(60));
      return mvn.lines();
    }
  }

  private static void assertLine(List<String> output, String expected) {
    assertTrue(output.stream().anyMatch(line -> line.contains(expected)),
        "no line contains '" + expected + "' in:\n" + String.join("\n", output));
  }

  private static String read(String path) {
    return exec("cat \"$1\" 2>/dev/null || true", path);
  }

  private static String exists(String path) {
    return exec("if [ -e \"$1\" ] || [ -L \"$1\" ]; then echo present; else echo absent; fi", path)
        .trim();
  }

  /** A script in the container, by busybox's own shell (the last test removes /bin/sh). */
  private static String exec(String script, String... args) {
    List<String> argv = new ArrayList<>(List.of("/bin/busybox", "sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    return cluster.podmanExec(pod.containerId(), argv.toArray(String[]::new));
  }

  private static String sha256(String content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(content.getBytes(StandardCharsets.UTF_8)));
  }
}
