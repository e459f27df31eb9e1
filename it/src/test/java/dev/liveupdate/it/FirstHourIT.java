package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mistakes of a new user's first hour, made with a real {@code mvn}: each ends the goal at
 * start with a non-zero exit and a message that names the mistake and the way out, before
 * anything is watched or sent; what may pass is waited for, saying what for, and a bounded run
 * that could not do its work fails listing why. No message is client-java's dump.
 */
class FirstHourIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("first-hour");

  private static final String CONTEXT = "liveupdate-test";
  /** A secret a broken kubeconfig holds; no output may show any piece of it. */
  private static final String SECRET = "Zq7TokenNeverPrinted4Xv9Lm2Wb8Nc5Rd1Hy6Jf3Kp0Ts";

  private static TestCluster cluster;
  private static Path work;
  private static String server;

  @BeforeAll
  static void startCluster() throws Exception {
    work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    server = cluster.api().url().toString();
    Path api = Files.createDirectories(work.resolve("image-api"));
    Files.writeString(api.resolve("app.py"), "print('hello')\n");
    String image = cluster.buildImage("first-hour", "1", Map.of(api, "/app/api"),
        List.of("sleep", "86400"));
    cluster.createDeployment("default", "api", 1, Map.of("app", "api"), "main", image,
        List.of());
    cluster.createDeployment("default", "nosh", 1, Map.of("app", "nosh"), "main", image,
        List.of());
    cluster.createDeployment("default", "idle", 0, Map.of("app", "idle"), "main", image,
        List.of());
    cluster.waitForRunningPods("default", "api", 1, Duration.ofSeconds(60));
    PodInfo nosh = cluster.waitForRunningPods("default", "nosh", 1, Duration.ofSeconds(60))
        .get(0);
    // a distroless-like container: no shell (the busybox applets find every other tool)
    cluster.podmanExec(nosh.containerId(), "rm", "/bin/sh");
  }

  @AfterEach
  void execAllowed() {
    cluster.api().denyExec(false);
  }

  @Test
  void aDeploymentThatDoesNotExistFailsAtStartNamingTheOnesThatDo() throws Exception {
    List<String> output = failsAtStart(project("missing", "apj"));

    assertLine(output, "deployment 'apj' does not exist in namespace default of " + server
        + " (context " + CONTEXT + ") (<target><deployment>); deployments there: api, idle,"
        + " nosh; did you mean 'api'?");
  }

  @Test
  void aNamespaceThatDoesNotExistFailsAtStartNamingTheOnesThatDo() throws Exception {
    List<String> output = failsAtStart(project("namespace", "api"),
        "-Dliveupdate.namespace=defualt");

    assertLine(output, "namespace 'defualt' does not exist in " + server + " (context " + CONTEXT
        + ") (<target><namespace>, -Dliveupdate.namespace or the context's namespace);"
        + " namespaces: default, kube-node-lease, kube-public, kube-system; did you mean 'default'?");
  }

  @Test
  void aContainerWithoutAShellFailsAtStartSayingWhichImagesHaveWhatItNeeds() throws Exception {
    List<String> output = failsAtStart(project("nosh", "nosh"));

    assertLine(output, "has no sh: live updates run sh, tar, find, sha256sum, rm, readlink in"
        + " the container; images based on Debian or Ubuntu");
    assertLine(output, "distroless and scratch images have none");
  }

  @Test
  void execForbiddenByRbacFailsAtStartNamingTheUserAndTheVerb() throws Exception {
    cluster.api().denyExec(true);

    List<String> output = failsAtStart(project("forbidden", "api"));

    assertLine(output, "forbidden: user 'liveupdate-test' may not create pods/exec in namespace"
        + " default (403 from " + server + " (context " + CONTEXT + ")); ask for that right,"
        + " check it with: kubectl auth can-i create pods/exec -n default");
  }

  @Test
  void rejectedCredentialsFailAtStartNamingTheKubeconfigUser() throws Exception {
    Path kubeconfig = kubeconfig("wrong-token", text -> text.replace(cluster.api().token(),
        "wrong" + cluster.api().token().substring(5)));

    List<String> output = failsAtStart(project("unauthorized", "api"), kubeconfig);

    assertLine(output, server + " (context " + CONTEXT + ") rejected the credentials of user"
        + " 'liveupdate-test' (401 Unauthorized)");
  }

  @Test
  void anUnreachableClusterIsWaitedForAndABoundedRunFailsListingIt() throws Exception {
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String down = "https://127.0.0.1:" + closed;
    Path kubeconfig = kubeconfig("down", text -> text.replace(server, down));
    String reason = "cannot reach " + down + " (context " + CONTEXT + "): connection refused:"
        + " is the cluster running?";

    List<String> output = run(project("down", "api"), Duration.ofSeconds(120), false,
        "liveupdate:dev", "-Dliveupdate.kubeconfig=" + kubeconfig, "-Dliveupdate.idleTimeout=2");

    assertLine(output, "Connecting to " + down + " (context " + CONTEXT + ", namespace default)");
    assertLine(output, "[WARNING] Not ready yet: " + reason + " Changes are kept and applied"
        + " once a container runs; the start-up sync was skipped");
    assertLine(output, "liveupdate:dev (first-hour) ended: 0 updates, 0 rebuilds, 2 problems");
    assertLine(output, "  start-up sync skipped: " + reason);
    assertLine(output, "  the target was out of reach when the run ended: " + reason);
    assertNoLine(output, "BUILD SUCCESS");
  }

  @Test
  void zeroReplicasAreWaitedForSayingHowToScaleUp() throws Exception {
    List<String> output = run(project("idle", "idle"), Duration.ofSeconds(120), false,
        "liveupdate:dev", "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(),
        "-Dliveupdate.idleTimeout=2");

    assertLine(output, "[WARNING] Not ready yet: deployment/idle in namespace default has 0"
        + " replicas: waiting for it to be scaled up (kubectl scale deployment/idle --replicas=1"
        + " -n default). Changes are kept");
    assertLine(output, "Watching 1 path for deployment/idle in namespace default (ready in ");
    assertLine(output, "  start-up sync skipped: deployment/idle in namespace default has 0"
        + " replicas");
  }

  @Test
  void anUnknownElementNamesTheClosestValidOneAndSendsNoRequest() throws Exception {
    Path project = SampleProject.copy("unknown-element", work);
    int before = cluster.requests().size();

    List<String> output = run(project, Duration.ofSeconds(120), false, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig());

    assertLine(output, "<liveUpdate><sycs> is not a known element: did you mean <syncs>?"
        + " <liveUpdate> holds <fallBackOn>, <ignores>, <image>, <manifests>, <portForwards>, <runs>, <syncs>,"
        + " <target>");
    assertNoLine(output, "Cannot find 'sycs'");
    assertEquals(before, cluster.requests().size(), "the API was asked");
  }

  @Test
  void aKubeconfigThatIsNotValidYamlIsReportedByPositionNeverByContent() throws Exception {
    Path kubeconfig = kubeconfig("broken", text -> text.replace("token: "
        + cluster.api().token(), "token: " + SECRET + ": broken\n    client-key-data: \""
        + SECRET));

    List<String> output = run(project("broken", "api"), Duration.ofSeconds(120), false,
        "liveupdate:dev", "-X", "-e", "-Dliveupdate.kubeconfig=" + kubeconfig);

    assertLine(output, "cannot read kubeconfig " + kubeconfig + ": not valid YAML: mapping"
        + " values are not allowed here (line ");
    String all = String.join("\n", output);
    for (int from = 0; from + 8 <= SECRET.length(); from += 4) {
      assertFalse(all.contains(SECRET.substring(from, from + 8)),
          "a piece of the kubeconfig's secret was printed: " + SECRET.substring(from, from + 8));
    }
  }

  @Test
  void aBoundedRunShowsEachUpdateWithAHeaderATotalAndTheSummaryInColour() throws Exception {
    Path project = project("colour", "api");
    try (MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.maxUpdates=1",
        "-Dstyle.color=always")) {
      mvn.awaitLine("Watching .* for deployment/api", 0, Duration.ofSeconds(60));
      Files.writeString(project.resolve("api/app.py"), "print('coloured')\n");
      assertEquals(0, mvn.awaitExit(Duration.ofSeconds(30)), mvn.tail(30));
      List<String> plain = mvn.lines().stream().map(FirstHourIT::withoutAnsi).toList();

      assertLine(plain, "Connecting to " + server + " (context " + CONTEXT
          + ", namespace default)");
      assertLine(plain, "[INFO] 1 file changed: api/app.py");
      assertLine(plain, "[INFO] Updated 1 container in ");
      assertLine(plain, "liveupdate:dev (first-hour) ended: 1 update, 0 rebuilds, all applied");
      assertTrue(mvn.lines().stream().anyMatch(l -> l.contains("\u001b[")
          && l.contains("1 file changed: api/app.py")), "the header is styled:\n" + mvn.tail(20));
    }
  }

  /** Runs the dev goal on a project that must fail before it watches, within 120 s. */
  private static List<String> failsAtStart(Path project, String... args) throws Exception {
    return failsAtStart(project, cluster.kubeconfig(), args);
  }

  private static List<String> failsAtStart(Path project, Path kubeconfig, String... args)
      throws Exception {
    List<String> all = new java.util.ArrayList<>(List.of("liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + kubeconfig));
    all.addAll(List.of(args));
    List<String> output = run(project, Duration.ofSeconds(120), false,
        all.toArray(String[]::new));
    assertNoLine(output, "Watching ");
    return output;
  }

  /** Runs mvn to its end; its output, after asserting a non-zero exit (or zero if asked). */
  private static List<String> run(Path project, Duration timeout, boolean succeeds,
      String... args) throws Exception {
    try (MavenProcess mvn = MavenProcess.start(project, args)) {
      int exit = mvn.awaitExit(timeout);
      List<String> output = mvn.lines();
      if (succeeds) {
        assertEquals(0, exit, mvn.tail(40));
      } else {
        assertNotEquals(0, exit, "mvn must fail:\n" + mvn.tail(40));
        assertLine(output, "BUILD FAILURE");
      }
      assertNoLine(output, "HTTP response code");
      assertNoLine(output, "changes from now on are still applied");
      return output;
    }
  }

  private static Path project(String name, String deployment) {
    return SampleProject.copy("first-hour", work.resolve(name),
        Map.of("deployment", deployment));
  }

  /** A copy of the cluster's kubeconfig, changed. */
  private static Path kubeconfig(String name, java.util.function.UnaryOperator<String> change)
      throws Exception {
    Path copy = work.resolve("kubeconfig-" + name);
    Files.writeString(copy, change.apply(Files.readString(cluster.kubeconfig())));
    return copy;
  }

  private static String withoutAnsi(String line) {
    return line.replaceAll("\u001b\\[[0-9;]*m", "");
  }

  private static void assertLine(List<String> output, String fragment) {
    assertTrue(output.stream().anyMatch(l -> l.contains(fragment)),
        "no line with '" + fragment + "' in:\n" + String.join("\n", output));
  }

  private static void assertNoLine(List<String> output, String fragment) {
    assertTrue(output.stream().noneMatch(l -> l.contains(fragment)),
        "a line with '" + fragment + "' in:\n" + String.join("\n", output));
  }
}
