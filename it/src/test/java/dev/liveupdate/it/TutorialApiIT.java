package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The api half of Tilt's tutorial under a real {@code mvn liveupdate:dev}, from an empty
 * namespace: the goal builds the image, applies the sample's {@code k8s/} with it and waits for
 * the two replicas to be Ready; every result is then read inside the containers with podman exec
 * and fetched from the pods' own IPs as the app serves it. The tests share one dev session and
 * run in order, like a user editing files one after the other.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TutorialApiIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("tutorial-api");


  private static final Duration LANDS_WITHIN = Duration.ofSeconds(20);

  private static TestCluster cluster;
  private static int forwarded;
  private static Path project;
  private static MavenProcess mvn;
  private static List<PodInfo> pods;

  @BeforeAll
  static void startDevSession() throws Exception {
    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    project = SampleProject.copy("tutorial-api", work,
        Map.of("base.image", cluster.baseImage(), "registry", cluster.registry()));
    forgetEarlierRunsImage(cluster.registry() + "/tilt-avatar-api:liveupdate");
    assertEquals("", kubectl("get", "deployments", "-o", "name"), "no workload before the goal");
    assertEquals("service/kubernetes", kubectl("get", "services", "-o", "name"),
        "no Service but the API server's before the goal");
    // the start now builds the image and waits for two Ready replicas: more than startDev allows
    forwarded = freePort(); // the sample forwards 5735, as Tilt's tutorial; ITs may run side by side
    mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dtutorial.port=" + forwarded);
    mvn.awaitLine("Watching .* for deployment/tilt-avatar-api", 0, Duration.ofSeconds(240));
    pods = readyPods();
    // a marker next to the sync destination: nothing may ever touch it
    for (PodInfo pod : pods) {
      cluster.podmanExec(pod.containerId(), "sh", "-c", "echo keep > /app/outside.txt");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  @Order(0)
  void theManifestsAreAppliedWithTheBuiltImageAndTheAppServesFromBothReplicas() throws Exception {
    mvn.awaitLine("applied service/tilt-avatar-api \\(created\\)", 0, LANDS_WITHIN);
    mvn.awaitLine("applied deployment/tilt-avatar-api \\(created\\)", 0, LANDS_WITHIN);
    mvn.awaitLine("deployment/tilt-avatar-api is ready", 0, LANDS_WITHIN);
    String image = kubectl("get", "deployment", "tilt-avatar-api", "-o",
        "jsonpath={.spec.template.spec.containers[0].image}");
    assertTrue(image.startsWith(cluster.registry() + "/tilt-avatar-api@sha256:"),
        "the manifest's image must be replaced by the built one, by digest: " + image);
    assertEquals("5734", kubectl("get", "service", "tilt-avatar-api", "-o",
        "jsonpath={.spec.ports[0].port}"));
    String managers = kubectl("get", "deployment", "tilt-avatar-api", "-o",
        "jsonpath={.metadata.managedFields[*].manager}");
    assertTrue(managers.contains("liveupdate"), "applied by field manager liveupdate: " + managers);
    String app = Files.readString(project.resolve("api/app.py"));
    for (PodInfo pod : pods) {
      assertTrue(pod.ready(), pod.name() + " must be Ready");
      assertEquals(app, Http.get(pod, 5734, "/api/app.py"));
    }
  }

  @Test
  @Order(1)
  void thePageAtTheForwardedPortChangesWithAnEditAndTheAppsLogStreamsIn() throws Exception {
    mvn.awaitLine("Forwarding http://localhost:" + forwarded + " -> pod/tilt-avatar-api-", 0,
        LANDS_WITHIN);
    String url = "http://localhost:" + forwarded + "/api/app.py";
    Path app = project.resolve("api/app.py");
    assertEquals(Files.readString(app), Http.get(url));
    int from = mvn.lineCount();

    String edited = Files.readString(app) + "# edited through the forwarded page\n";
    Files.writeString(app, edited);
    Http.until(() -> {
      try {
        return edited.equals(Http.get(url));
      } catch (java.io.IOException e) {
        return false; // the forward moves on if its pod goes; the next try tells
      }
    }, "GET " + url + " to show the edit", LANDS_WITHIN);

    // busybox httpd -v logs each request it answers; the plugin streams it under the pod's column
    mvn.awaitLine("tilt-avatar-api.* \\| .*response:200", from, LANDS_WITHIN);
  }

  @Test
  @Order(2)
  void editedSourceLandsInBothReplicasAndRunsNoUntriggeredCommand() throws Exception {
    int from = mvn.lineCount();
    Path app = project.resolve("api/app.py");
    String edited = Files.readString(app).replace("# 'other': ['accessory']",
        "'other': ['accessory']");
    Files.writeString(app, edited);

    awaitContent("/app/api/app.py", edited);
    for (PodInfo pod : pods) {
      Http.await(pod, 5734, "/api/app.py", edited, LANDS_WITHIN);
    }
    mvn.awaitLine("- 'api/app.py' --> '/app/api/app.py'", from, LANDS_WITHIN);
    for (PodInfo pod : pods) {
      assertEquals("absent", exists(pod, "/app/installed-requirements.txt"),
          "the requirements run step must not run for app.py");
    }
    assertTrue(mvn.lines().subList(from, mvn.lineCount()).stream()
        .noneMatch(l -> l.contains("[CMD")), "no command ran:\n" + mvn.tail(20));
  }

  @Test
  @Order(3)
  void triggerFileIsSyncedAndItsRunStepRunsInEveryContainer() throws Exception {
    int from = mvn.lineCount();
    String requirements = "flask==3.1.0\n# hello from Tilt tutorial!\nrequests==2.32.3\n";
    Files.writeString(project.resolve("api/requirements.txt"), requirements);

    awaitContent("/app/installed-requirements.txt", requirements);
    awaitContent("/app/api/requirements.txt", requirements);
    mvn.awaitLine("\\[CMD 1/1\\] sh -c cp /app/api/requirements.txt", from, LANDS_WITHIN);
    mvn.awaitLine("installed 2 requirement\\(s\\)", from, LANDS_WITHIN);
  }

  @Test
  @Order(4)
  void oddNamesArriveAndAnExecutableKeepsItsMode() throws Exception {
    Path dir = Files.createDirectories(project.resolve("api/static files/ünïcödé"));
    Files.writeString(dir.resolve("grüße ✓.txt"), "hallo welt", StandardCharsets.UTF_8);
    Path script = project.resolve("api/tools/run me.sh");
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\necho ran\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));

    awaitContent("/app/api/static files/ünïcödé/grüße ✓.txt", "hallo welt");
    awaitContent("/app/api/tools/run me.sh", "#!/bin/sh\necho ran\n");
    for (PodInfo pod : pods) {
      assertEquals("750", cluster.podmanExec(pod.containerId(), "stat", "-c", "%a",
          "/app/api/tools/run me.sh").trim());
      assertEquals("ran", cluster.podmanExec(pod.containerId(), "/app/api/tools/run me.sh").trim());
    }
  }

  @Test
  @Order(5)
  void deletedFileAndDirectoryAreGoneAndNothingOutsideIsTouched() throws Exception {
    Files.delete(project.resolve("api/healthcheck.sh"));
    Path dir = project.resolve("api/static files");
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }

    awaitAbsent("/app/api/healthcheck.sh");
    awaitAbsent("/app/api/static files");
    for (PodInfo pod : pods) {
      assertEquals("keep\n", cluster.podmanExec(pod.containerId(), "cat", "/app/outside.txt"));
      assertEquals("present", exists(pod, "/app/api/app.py"));
    }
  }

  @Test
  @Order(6)
  void changeMatchingNoSyncRebuildsAndRollsOutAndLiveUpdatesReachTheNewPods() throws Exception {
    int from = mvn.lineCount();
    Files.createDirectories(project.resolve("docs"));
    Files.writeString(project.resolve("docs/notes.md"), "not in the image's syncs\n");

    mvn.awaitLine("Rebuilding the image: docs/notes.md matches no <sync>", from, LANDS_WITHIN);
    mvn.awaitLine("→ rolled out " + cluster.registry() + "/tilt-avatar-api@sha256:", from,
        Duration.ofSeconds(120));
    pods = readyPods();

    String next = "print('still live')\n";
    Files.writeString(project.resolve("api/app.py"), next);
    for (PodInfo pod : pods) {
      Http.await(pod, 5734, "/api/app.py", next, LANDS_WITHIN);
    }
    assertTrue(mvn.isAlive());
  }

  /**
   * A new user's registry has no image of the tutorial: the registry of this scenario keeps its
   * storage between runs, so the image an earlier run pushed (after its edits) is deleted.
   */
  private static void forgetEarlierRunsImage(String reference) throws Exception {
    String digest;
    try {
      digest = cluster.digestOf(reference);
    } catch (IllegalStateException absent) {
      return; // a first run
    }
    java.net.HttpURLConnection delete = (java.net.HttpURLConnection) java.net.URI.create(
        "http://" + cluster.registry() + "/v2/tilt-avatar-api/manifests/" + digest).toURL()
        .openConnection();
    delete.setRequestMethod("DELETE");
    assertEquals(202, delete.getResponseCode(), "DELETE " + reference + " from the registry");
    delete.disconnect();
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The two Ready replicas of the current rollout. */
  private static List<PodInfo> readyPods() {
    return cluster.awaitPods("default", "tilt-avatar-api",
        list -> list.size() == 2 && list.stream().allMatch(PodInfo::ready),
        "2 Ready replicas", Duration.ofSeconds(60));
  }

  private static String kubectl(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("kubectl", "--kubeconfig",
        cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), out);
    return out.trim();
  }

  private void awaitContent(String path, String expected) throws InterruptedException {
    for (PodInfo pod : pods) {
      await(pod, path, () -> expected.equals(read(pod, path)), "content " + expected.trim());
    }
  }

  private void awaitAbsent(String path) throws InterruptedException {
    for (PodInfo pod : pods) {
      await(pod, path, () -> "absent".equals(exists(pod, path)), "absence");
    }
  }

  private void await(PodInfo pod, String path, java.util.function.BooleanSupplier condition,
      String what) throws InterruptedException {
    try {
      Awaitility.await().atMost(LANDS_WITHIN).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
          .until(condition::getAsBoolean);
      return;
    } catch (ConditionTimeoutException e) {
      // said below, with what the container holds now
    }
    throw new AssertionError("container " + pod.name() + " did not show the " + what + " of "
        + path + " within " + LANDS_WITHIN.toSeconds() + " s; now: " + read(pod, path)
        + "\nmvn output:\n" + mvn.tail(40));
  }

  private static String read(PodInfo pod, String path) {
    return cluster.podmanExec(pod.containerId(), "sh", "-c", "cat \"$1\" 2>/dev/null || true",
        "sh", path);
  }

  private static String exists(PodInfo pod, String path) {
    return cluster.podmanExec(pod.containerId(), "sh", "-c",
        "if [ -e \"$1\" ]; then echo present; else echo absent; fi", "sh", path).trim();
  }
}
