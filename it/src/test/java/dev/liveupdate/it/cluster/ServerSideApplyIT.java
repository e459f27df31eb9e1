package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) through client-java 27's
 * {@link PatchUtils} and {@code kubectl apply --server-side}, and DELETE propagation through
 * client-java and {@code kubectl delete --cascade}.
 */
@ExtendWith(ClusterExtension.class)
class ServerSideApplyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String NS = "ssa";
  private static ApiClient client;
  private static CoreV1Api core;
  private static AppsV1Api apps;
  private static String baseImage;

  @BeforeAll
  static void namespace(TestCluster cluster) throws Exception {
    baseImage = cluster.baseImage();
    Manifests.kubectlApply(cluster, "apiVersion: v1\nkind: Namespace\nmetadata: {name: ssa}\n");
    client = Config.fromConfig(cluster.kubeconfig().toString());
    core = new CoreV1Api(client);
    apps = new AppsV1Api(client);
  }

  @Test
  void patchUtilsAppliesEveryKindCreatingThenMerging(TestCluster cluster) throws Exception {
    V1ServiceAccount account = PatchUtils.patch(V1ServiceAccount.class, () -> core.patchNamespacedServiceAccount(
        "app", NS, yaml("v1", "ServiceAccount", "app", "")).fieldManager("liveupdate").buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    V1ConfigMap config = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("app", NS,
        yaml("v1", "ConfigMap", "app", "data: {greeting: hello}\n")).fieldManager("liveupdate").buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    V1Secret secret = PatchUtils.patch(V1Secret.class, () -> core.patchNamespacedSecret("app", NS,
        yaml("v1", "Secret", "app", "stringData: {token: abc}\n")).fieldManager("liveupdate").buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    V1Service service = PatchUtils.patch(V1Service.class, () -> core.patchNamespacedService("app", NS,
        yaml("v1", "Service", "app", "spec: {selector: {app: app}, ports: [{port: 80, targetPort: 8080}]}\n"))
        .fieldManager("liveupdate").buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
    V1Deployment deployment = applyDeployment("app", "v1", Map.of("app", "app", "version", "v1"));

    assertEquals("app", account.getMetadata().getName());
    assertEquals(Map.of("greeting", "hello"), config.getData());
    assertEquals("abc", new String(secret.getData().get("token"), StandardCharsets.UTF_8));
    assertTrue(service.getSpec().getClusterIP().startsWith("10.9"), service.getSpec().getClusterIP());
    assertEquals(1, deployment.getMetadata().getGeneration());
    // client-java drops managedFields unless -Dkubernetes.client.includeManagedFields=true: read them raw
    assertEquals(List.of("liveupdate/Apply"), ClusterObjects.managers(cluster.objects().find("deployments", NS, "app")
        .orElseThrow()));
    assertFalse(cluster.objects().find("secrets", NS, "app").orElseThrow().has("stringData"));
    PodInfo first = cluster.waitForRunningPods(NS, "app", 1, TIMEOUT).get(0);
    assertEquals("v1\n", cluster.podmanExec(first.containerId(), "sh", "-c", "echo $VERSION"));

    V1Deployment merged = applyDeployment("app", "v2", Map.of("app", "app"));

    assertEquals(Map.of("app", "app"), merged.getMetadata().getLabels(), "the label no longer applied went");
    assertEquals(2, merged.getMetadata().getGeneration());
    PodInfo second = cluster.waitForRunningPods(NS, "app", 1, TIMEOUT).get(0);
    assertNotEquals(first.name(), second.name());
    assertEquals("v2\n", cluster.podmanExec(second.containerId(), "sh", "-c", "echo $VERSION"));
    assertEquals(2, applyDeployment("app", "v2", Map.of("app", "app")).getMetadata().getGeneration());
    assertEquals(config.getMetadata().getResourceVersion(), applyConfigMap("liveupdate", "app", "greeting: hello\n",
        false).getMetadata().getResourceVersion(), "applying the same configuration again changes nothing");
  }

  @Test
  void aFieldAnotherManagerOwnsIsA409ConflictUnlessForced(TestCluster cluster) throws Exception {
    applyConfigMap("liveupdate", "shared", "value: mine\n", false);

    ApiException conflict = assertThrows(ApiException.class,
        () -> applyConfigMap("someone-else", "shared", "value: theirs\n", false));

    assertEquals(409, conflict.getCode());
    assertTrue(conflict.getResponseBody().contains("\"message\":\"Apply failed with 1 conflict: conflict with"
        + " \\\"liveupdate\\\": .data.value\",\"reason\":\"Conflict\",\"details\":{\"causes\":[{\"reason\":"
        + "\"FieldManagerConflict\",\"message\":\"conflict with \\\"liveupdate\\\"\",\"field\":\".data.value\"}]}"),
        conflict.getResponseBody());
    V1ConfigMap forced = applyConfigMap("someone-else", "shared", "value: theirs\n", true);
    assertEquals("theirs", forced.getData().get("value"));
    assertEquals(List.of("someone-else/Apply"), ClusterObjects.managers(cluster.objects().find("configmaps", NS,
        "shared").orElseThrow()), "liveupdate's only field was taken over");
  }

  @Test
  void applyNeedsAFieldManagerAndADryRunStoresNothing() throws Exception {
    ApiException noManager = assertThrows(ApiException.class, () -> PatchUtils.patch(V1ConfigMap.class,
        () -> core.patchNamespacedConfigMap("dry", NS, yaml("v1", "ConfigMap", "dry", "")).buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client));
    assertEquals(422, noManager.getCode());
    assertTrue(noManager.getResponseBody().contains("fieldManager: Required value: is required for apply patch"),
        noManager.getResponseBody());

    V1ConfigMap dry = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("dry", NS,
        yaml("v1", "ConfigMap", "dry", "data: {a: b}\n")).fieldManager("liveupdate").dryRun("All").buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);

    assertEquals("b", dry.getData().get("a"));
    assertEquals(404, assertThrows(ApiException.class, () -> core.readNamespacedConfigMap("dry", NS).execute())
        .getCode());
  }

  @Test
  void kubectlServerSideApplyReportsAScaleConflictAndForcesIt(TestCluster cluster) throws Exception {
    String manifest = String.join("\n",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: kubectl-ssa, namespace: ssa}",
        "spec:",
        "  replicas: 1",
        "  selector: {matchLabels: {app: kubectl-ssa}}",
        "  template:",
        "    metadata: {labels: {app: kubectl-ssa}}",
        "    spec: {containers: [{name: main, image: '" + cluster.baseImage() + "', command: [sleep, '3600']}]}",
        "");
    assertEquals("deployment.apps/kubectl-ssa serverside-applied\n",
        Manifests.kubectlApply(cluster, manifest, "--server-side").stdout());
    assertEquals(0, KubectlIT.kubectl(cluster, "scale", "-n", NS, "deployment/kubectl-ssa", "--replicas=2")
        .exitCode());

    Cli.Result conflict = Manifests.tryKubectlApply(cluster, manifest, "--server-side");

    assertEquals(1, conflict.exitCode(), conflict.toString());
    assertTrue(conflict.stderr().startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" with"
        + " subresource \"scale\" using apps/v1: .spec.replicas"), conflict.toString());
    Manifests.kubectlApply(cluster, manifest, "--server-side", "--force-conflicts");
    assertEquals(1, apps.readNamespacedDeployment("kubectl-ssa", NS).execute().getSpec().getReplicas());
    cluster.waitForRunningPods(NS, "kubectl-ssa", 1, TIMEOUT);
  }

  @Test
  void deletingADeploymentPropagatesAsTheGarbageCollectorDoes(TestCluster cluster) throws Exception {
    for (String name : List.of("background", "orphan", "foreground")) {
      cluster.createDeployment(NS, name, 1, Map.of("app", name), "main", cluster.baseImage(), List.of("sleep", "3600"));
    }
    for (String name : List.of("background", "orphan", "foreground")) {
      cluster.waitForRunningPods(NS, name, 1, TIMEOUT);
    }

    assertEquals("Success", apps.deleteNamespacedDeployment("background", NS).execute().getStatus());
    assertEquals("Success", apps.deleteNamespacedDeployment("orphan", NS).propagationPolicy("Orphan").execute()
        .getStatus());
    Cli.Result foreground = KubectlIT.kubectl(cluster, "delete", "-n", NS, "deployment/foreground",
        "--cascade=foreground");

    assertEquals(0, foreground.exitCode(), foreground.toString());
    assertEquals(List.of(), cluster.pods(NS, "app=foreground"), "foreground: the pods went before the Deployment");
    assertEquals(List.of(), apps.listNamespacedReplicaSet(NS).labelSelector("app=foreground").execute().getItems());
    await().atMost(TIMEOUT).until(() -> cluster.pods(NS, "app=background").isEmpty()
        && apps.listNamespacedReplicaSet(NS).labelSelector("app=background").execute().getItems().isEmpty());
    var orphans = apps.listNamespacedReplicaSet(NS).labelSelector("app=orphan").execute().getItems();
    assertEquals(1, orphans.size());
    assertTrue(orphans.get(0).getMetadata().getOwnerReferences().isEmpty(), "the orphaned ReplicaSet lost its owner");
    assertEquals(1, cluster.pods(NS, "app=orphan").size());
  }

  private static V1Deployment applyDeployment(String name, String version, Map<String, String> labels)
      throws ApiException {
    StringBuilder labelYaml = new StringBuilder();
    labels.forEach((k, v) -> labelYaml.append(labelYaml.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
    String body = String.join("\n",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: " + name,
        "  labels: {" + labelYaml + "}",
        "spec:",
        "  replicas: 1",
        "  selector: {matchLabels: {app: " + name + "}}",
        "  template:",
        "    metadata: {labels: {app: " + name + "}}",
        "    spec:",
        "      serviceAccountName: app",
        "      containers:",
        "      - name: main",
        "        image: " + baseImage,
        "        command: [sleep, '3600']",
        "        env: [{name: VERSION, value: " + version + "}]",
        "");
    return PatchUtils.patch(V1Deployment.class, () -> apps.patchNamespacedDeployment(name, NS, new V1Patch(body))
        .fieldManager("liveupdate").buildCall(null), V1Patch.PATCH_FORMAT_APPLY_YAML, client);
  }

  private static V1ConfigMap applyConfigMap(String manager, String name, String data, boolean force)
      throws ApiException {
    return PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap(name, NS,
        yaml("v1", "ConfigMap", name, "data:\n  " + data)).fieldManager(manager).force(force).buildCall(null),
        V1Patch.PATCH_FORMAT_APPLY_YAML, client);
  }

  private static V1Patch yaml(String apiVersion, String kind, String name, String rest) {
    return new V1Patch("apiVersion: " + apiVersion + "\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n" + rest);
  }
}
