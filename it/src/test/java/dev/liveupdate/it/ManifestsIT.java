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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code <manifests>} under real {@code mvn} processes, each case in a namespace of its own:
 * {@code liveupdate:dev} applies the sample's {@code k8s/} from an empty namespace and the app
 * serves; bad YAML and a refused object end the goal with the file and line or the server's
 * message; {@code liveupdate:down} removes exactly the objects of the files. What is in the
 * cluster is read with kubectl, never from the plugin's output.
 */
class ManifestsIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("manifests");

  private static final Duration GOAL = Duration.ofSeconds(180);
  private static final String OURS = "serviceaccounts,configmaps,secrets,services,deployments";

  private static TestCluster cluster;
  private static Path work;

  @BeforeAll
  static void cluster() {
    cluster = CLUSTER.cluster();
    work = CLUSTER.work();
  }

  @Test
  void devAppliesEveryObjectAndDownDeletesExactlyThose() throws Exception {
    Path project = project("updown");
    kubectlApply("apiVersion: v1\nkind: Namespace\nmetadata: {name: updown}\n---\n"
        + "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: not-in-the-manifests, namespace: "
        + "updown}\ndata: {a: b}\n");

    try (MavenProcess mvn = dev(project, "updown")) {
      assertEquals(List.of("configmap/not-in-the-manifests", "configmap/shop-settings",
          "deployment.apps/shop", "secret/shop-token", "service/shop", "serviceaccount/shop"),
          names("updown"));
      List<PodInfo> pods = cluster.awaitPods("updown", "shop",
          list -> list.size() == 1 && list.get(0).ready(), "1 Ready pod", Duration.ofSeconds(30));
      assertEquals("shop v1\n", Http.get(pods.get(0), 8080, "/index.html"));
      assertEquals("hello", kubectl("-n", "updown", "get", "configmap", "shop-settings", "-o",
          "jsonpath={.data.greeting}"));
      // a live update still reaches the pod the manifests made
      Files.writeString(project.resolve("api/index.html"), "shop v2\n");
      Http.await(pods.get(0), 8080, "/index.html", "shop v2\n", Duration.ofSeconds(20));
    }

    List<String> down = run(project, true, "liveupdate:down", "-Dliveupdate.namespace=updown");

    assertEquals(List.of("configmap/not-in-the-manifests"), names("updown"));
    cluster.awaitPods("updown", "app=shop", List::isEmpty, "no pod of shop left",
        Duration.ofSeconds(60));
    assertTrue(down.stream().anyMatch(l -> l.endsWith("deleted deployment/shop")), String.join(
        "\n", down));

    List<String> again = run(project, true, "liveupdate:down", "-Dliveupdate.namespace=updown");
    assertTrue(again.stream().anyMatch(l -> l.endsWith("service/shop not found (nothing to "
        + "delete)")), String.join("\n", again));
    assertEquals(List.of("configmap/not-in-the-manifests"), names("updown"));
  }

  @Test
  void anImageAlreadyInTheRegistryIsRunAsItIsNotBuiltAgain() throws Exception {
    Path project = project("prebuilt");
    kubectlApply("apiVersion: v1\nkind: Namespace\nmetadata: {name: prebuilt}\n");
    String pushed = cluster.buildImage("shop", "liveupdate", Map.of(project.resolve("api"),
        "/app/api"), List.of("httpd", "-f", "-p", "8080", "-h", "/app/api"));
    String byDigest = cluster.registry() + "/shop@" + cluster.digestOf(pushed);

    try (MavenProcess mvn = dev(project, "prebuilt")) {
      assertEquals(byDigest, kubectl("-n", "prebuilt", "get", "deployment", "shop", "-o",
          "jsonpath={.spec.template.spec.containers[0].image}"));
      assertTrue(mvn.lines().stream().noneMatch(l -> l.contains("(the manifests run it; <image>)")),
          mvn.tail(30));
      mvn.awaitLine("shop:liveupdate is in the registry: the manifests run "
          + java.util.regex.Pattern.quote(byDigest), 0, GOAL);
    }
  }

  @Test
  void badYamlEndsTheGoalNamingFileAndLineAndNothingIsApplied() throws Exception {
    Path project = project("badyaml");
    kubectlApply("apiVersion: v1\nkind: Namespace\nmetadata: {name: badyaml}\n");
    Files.writeString(project.resolve("k8s/zz-broken.yaml"), String.join("\n",
        "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: broken", "data:",
        "  key: [unclosed", "") );
    int patches = patches();

    List<String> output = run(project, false, "liveupdate:dev",
        "-Dliveupdate.namespace=badyaml");

    assertTrue(output.stream().anyMatch(l -> l.contains("k8s/zz-broken.yaml:7:1: not valid "
        + "YAML")), String.join("\n", output));
    assertEquals(List.of(), names("badyaml"));
    assertEquals(patches, patches(), "nothing may be sent before every file is read");
  }

  @Test
  void aRefusedObjectShowsTheServersMessageAndWhatWasApplied() throws Exception {
    Path project = project("refused");
    kubectlApply("apiVersion: v1\nkind: Namespace\nmetadata: {name: refused}\n");
    Files.writeString(project.resolve("k8s/zz-invalid.yaml"), """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: invalid
        spec:
          selector:
            matchLabels: {app: one}
          template:
            metadata:
              labels: {app: other}
            spec:
              containers:
                - name: web
                  image: shop
        """);

    List<String> output = run(project, false, "liveupdate:dev",
        "-Dliveupdate.namespace=refused");

    String text = String.join("\n", output);
    assertTrue(text.contains("cannot apply deployment/invalid (k8s/zz-invalid.yaml:1)"), text);
    assertTrue(text.contains("`selector` does not match template `labels`"), text);
    assertTrue(text.contains("applied: serviceaccount/shop, configmap/shop-settings, "
        + "secret/shop-token, service/shop, deployment/shop; not applied: deployment/invalid"),
        text);
    assertEquals(List.of("configmap/shop-settings", "deployment.apps/shop", "secret/shop-token",
        "service/shop", "serviceaccount/shop"), names("refused"));
  }

  /**
   * {@code mvn liveupdate:dev} in {@code namespace}, once it watches: its start builds, applies
   * and waits for a rollout, more than {@link MavenProcess#startDev} allows on a loaded machine.
   */
  private static MavenProcess dev(Path project, String namespace) throws Exception {
    MavenProcess mvn = MavenProcess.start(project, "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dliveupdate.namespace=" + namespace);
    try {
      mvn.awaitLine("Watching .* for deployment/shop", 0, GOAL);
    } catch (AssertionError | InterruptedException e) {
      mvn.close();
      throw e;
    }
    return mvn;
  }

  private static Path project(String name) {
    return SampleProject.copy("manifests", work.resolve(name),
        Map.of("base.image", cluster.baseImage(), "registry", cluster.registry()));
  }

  private static int patches() {
    return (int) cluster.requests().stream().filter(r -> r.method().equals("PATCH")).count();
  }

  /** The objects of the kinds the manifests hold, as kubectl names them, sorted. */
  private static List<String> names(String namespace) throws Exception {
    List<String> names = new ArrayList<>();
    for (String kind : OURS.split(",")) {
      kubectl("-n", namespace, "get", kind, "-o", "name").lines()
          .filter(l -> !l.isBlank() && !l.equals("serviceaccount/default")
              && !l.equals("configmap/kube-root-ca.crt"))
          .forEach(names::add);
    }
    names.sort(null);
    return names;
  }

  private static List<String> run(Path project, boolean succeeds, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-Dliveupdate.kubeconfig=" + cluster.kubeconfig());
    try (MavenProcess mvn = MavenProcess.start(project, all.toArray(String[]::new))) {
      int exit = mvn.awaitExit(GOAL);
      if (succeeds) {
        assertEquals(0, exit, mvn.tail(40));
      } else {
        assertNotEquals(0, exit, "mvn must fail:\n" + mvn.tail(40));
      }
      return mvn.lines();
    }
  }

  /** {@code kubectl apply -f -} of {@code yaml}, as a user sets up what the test needs. */
  private static void kubectlApply(String yaml) throws Exception {
    kubectlWith(yaml, "apply", "-f", "-");
  }

  private static String kubectl(String... args) throws Exception {
    return kubectlWith(null, args);
  }

  private static String kubectlWith(String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig",
        cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), String.join(" ", args) + ": " + out);
    return out.trim();
  }
}
