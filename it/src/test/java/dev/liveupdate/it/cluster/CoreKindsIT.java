package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.util.Config;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Services, ConfigMaps, Secrets, ServiceAccounts and Namespaces through kubectl, client-java 27's
 * typed APIs and python3-kubernetes' watch.
 */
@ExtendWith(ClusterExtension.class)
class CoreKindsIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String NS = "core-kinds";
  private static final String MANIFESTS = String.join("\n",
      "apiVersion: v1",
      "kind: Namespace",
      "metadata: {name: core-kinds}",
      "---",
      "apiVersion: v1",
      "kind: ServiceAccount",
      "metadata: {name: web, namespace: core-kinds}",
      "---",
      "apiVersion: v1",
      "kind: ConfigMap",
      "metadata: {name: web-config, namespace: core-kinds, labels: {tier: web}}",
      "data: {greeting: hello}",
      "---",
      "apiVersion: v1",
      "kind: Secret",
      "metadata: {name: web-secret, namespace: core-kinds, labels: {tier: web}}",
      "data: {user: YWRtaW4=}",
      "stringData: {password: s3cret, user: root}",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: web, namespace: core-kinds, labels: {tier: web}}",
      "spec:",
      "  selector: {app: web}",
      "  ports: [{name: http, port: 80, targetPort: 8080}, {name: https, port: 443, targetPort: https}]",
      "---",
      "apiVersion: v1",
      "kind: Service",
      "metadata: {name: web-nodeport, namespace: core-kinds}",
      "spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}",
      "");
  private static ApiClient client;
  private static CoreV1Api core;

  @BeforeAll
  static void apply(TestCluster cluster) throws Exception {
    Cli.Result apply = Manifests.kubectlApply(cluster, MANIFESTS);
    assertEquals(String.join("\n", "namespace/core-kinds created", "serviceaccount/web created",
        "configmap/web-config created", "secret/web-secret created", "service/web created",
        "service/web-nodeport created", ""), apply.stdout());
    client = Config.fromConfig(cluster.kubeconfig().toString());
    core = new CoreV1Api(client);
  }

  @Test
  void kubectlGetsEveryKindAsTablesAndAReapplyLeavesTheClusterIp(TestCluster cluster) throws Exception {
    Cli.Result services = KubectlIT.kubectl(cluster, "get", "svc", "-n", NS, "--no-headers");
    assertTrue(services.stdout().matches("(?s)web\\s+ClusterIP\\s+10\\.9[6-9]\\.\\d+\\.\\d+\\s+<none>\\s+80/TCP,443/TCP\\s+\\S+\n"
        + "web-nodeport\\s+NodePort\\s+10\\.9[6-9]\\.\\d+\\.\\d+\\s+<none>\\s+80:3\\d{4}/TCP\\s+\\S+\n"), services.toString());
    Cli.Result others = KubectlIT.kubectl(cluster, "get", "cm,secret,sa", "-n", NS, "--no-headers");
    for (String row : List.of("configmap/kube-root-ca.crt\\s+1", "configmap/web-config\\s+1",
        "secret/web-secret\\s+Opaque\\s+2", "serviceaccount/default\\s+0", "serviceaccount/web\\s+0")) {
      assertTrue(java.util.regex.Pattern.compile("(?m)^" + row + "\\s+\\S+$").matcher(others.stdout()).find(),
          row + " in " + others);
    }
    String clusterIp = core.readNamespacedService("web", NS).execute().getSpec().getClusterIP();

    Cli.Result again = Manifests.kubectlApply(cluster, MANIFESTS);

    assertTrue(again.stdout().contains("service/web unchanged\n"), again.toString());
    assertEquals(clusterIp, core.readNamespacedService("web", NS).execute().getSpec().getClusterIP());
  }

  @Test
  void aSecretsStringDataIsFoldedIntoDataAndWins(TestCluster cluster) throws Exception {
    V1Secret secret = core.readNamespacedSecret("web-secret", NS).execute();

    assertEquals(Map.of("password", "s3cret", "user", "root"), Map.of(
        "password", new String(secret.getData().get("password"), StandardCharsets.UTF_8),
        "user", new String(secret.getData().get("user"), StandardCharsets.UTF_8)));
    assertEquals("Opaque", secret.getType());
    // client-java reads an absent map as empty: the stored object itself has no stringData
    assertFalse(cluster.objects().find("secrets", NS, "web-secret").orElseThrow().has("stringData"));
  }

  @Test
  void typedApisCreatePatchReplaceAndDeleteAndAnsweredAsTheApiServerDoes() throws Exception {
    V1ConfigMap created = core.createNamespacedConfigMap(NS, new V1ConfigMap()
        .metadata(new V1ObjectMeta().name("typed").labels(Map.of("tier", "typed"))).data(Map.of("a", "1"))).execute();
    assertEquals("1", created.getData().get("a"));
    V1ConfigMap patched = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("typed", NS,
        new V1Patch("{\"data\":{\"b\":\"2\"}}")).buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
    assertEquals(Map.of("a", "1", "b", "2"), patched.getData());
    assertEquals(List.of("typed"), core.listNamespacedConfigMap(NS).labelSelector("tier=typed").execute()
        .getItems().stream().map(c -> c.getMetadata().getName()).toList());

    V1Service service = core.createNamespacedService(NS, new V1Service().metadata(new V1ObjectMeta().name("typed"))
        .spec(new V1ServiceSpec().selector(Map.of("app", "typed")).addPortsItem(new V1ServicePort().port(80))))
        .execute();
    String clusterIp = service.getSpec().getClusterIP();
    assertTrue(clusterIp.matches("10\\.9[6-9]\\.\\d+\\.\\d+"), clusterIp);
    assertEquals(80, service.getSpec().getPorts().get(0).getTargetPort().getIntValue(), "targetPort defaults to port");
    service.getSpec().clusterIP(null).clusterIPs(null).getPorts().get(0).setTargetPort(new IntOrString(9090));
    V1Service replaced = core.replaceNamespacedService("typed", NS, service).execute();
    assertEquals(clusterIp, replaced.getSpec().getClusterIP(), "a replace without clusterIP keeps it");
    assertEquals(9090, replaced.getSpec().getPorts().get(0).getTargetPort().getIntValue());
    assertEquals(clusterIp, core.deleteNamespacedService("typed", NS).execute().getSpec().getClusterIP());

    V1Status deletedConfigMap = core.deleteNamespacedConfigMap("typed", NS).execute();
    assertEquals("Success", deletedConfigMap.getStatus());
    core.createNamespacedServiceAccount(NS, new V1ServiceAccount().metadata(new V1ObjectMeta().name("gone")))
        .execute();
    V1ServiceAccount deletedAccount = core.deleteNamespacedServiceAccount("gone", NS).execute();
    assertEquals("gone", deletedAccount.getMetadata().getName());
    ApiException missing = assertThrows(ApiException.class, () -> core.readNamespacedServiceAccount("gone", NS)
        .execute());
    assertEquals(404, missing.getCode());
  }

  @Test
  void aNamespaceThatDoesNotExistIsA404ForCreatesAndEmptyForLists() throws Exception {
    ApiException create = assertThrows(ApiException.class, () -> core.createNamespacedConfigMap("nowhere",
        new V1ConfigMap().metadata(new V1ObjectMeta().name("x"))).execute());

    assertEquals(404, create.getCode());
    assertTrue(create.getResponseBody().contains("\"message\":\"namespaces \\\"nowhere\\\" not found\""),
        create.getResponseBody());
    assertEquals(0, core.listNamespacedService("nowhere").execute().getItems().size());
    ApiException get = assertThrows(ApiException.class, () -> core.readNamespacedService("x", "nowhere").execute());
    assertTrue(get.getResponseBody().contains("\"message\":\"services \\\"x\\\" not found\""), get.getResponseBody());
  }

  @Test
  void pythonListsAndWatchesByLabel(TestCluster cluster, @TempDir Path dir) throws Exception {
    Path script = dir.resolve("watch.py");
    Files.writeString(script, String.join("\n",
        "import sys",
        "from kubernetes import config, watch",
        "from kubernetes.client import CoreV1Api",
        "config.load_kube_config(config_file=sys.argv[1])",
        "api = CoreV1Api()",
        "print(sorted(s.metadata.name for s in api.list_namespaced_service('core-kinds').items))",
        "for kind, lister in (('cm', api.list_namespaced_config_map), ('secret', api.list_namespaced_secret),",
        "                     ('svc', api.list_namespaced_service)):",
        "    for event in watch.Watch().stream(lister, 'core-kinds', label_selector='tier=web', timeout_seconds=1):",
        "        print(kind, event['type'], event['object'].metadata.name)",
        ""));

    Cli.Result result = Cli.run(TIMEOUT, List.of("/usr/bin/python3", script.toString(),
        cluster.kubeconfig().toString()));

    assertEquals("['web', 'web-nodeport']\ncm ADDED web-config\nsecret ADDED web-secret\nsvc ADDED web\n",
        result.stdout(), result.toString());
  }

  @Test
  void aNewNamespaceHoldsItsDefaultsAndGoesWithItsContent(TestCluster cluster) throws Exception {
    Manifests.kubectlApply(cluster, "apiVersion: v1\nkind: Namespace\nmetadata: {name: short-lived}\n");
    cluster.createDeployment("short-lived", "sleeper", 1, Map.of("app", "sleeper"), "main", cluster.baseImage(),
        List.of("sleep", "3600"));
    PodInfo pod = cluster.waitForRunningPods("short-lived", "sleeper", 1, TIMEOUT).get(0);
    assertEquals("default", core.readNamespacedServiceAccount("default", "short-lived").execute().getMetadata()
        .getName());
    assertEquals(cluster.api().certificatePem(), core.readNamespacedConfigMap("kube-root-ca.crt", "short-lived")
        .execute().getData().get("ca.crt"));

    Cli.Result delete = KubectlIT.kubectl(cluster, "delete", "namespace", "short-lived");

    assertEquals("namespace \"short-lived\" deleted\n", delete.stdout(), delete.toString());
    ApiException gone = assertThrows(ApiException.class, () -> core.readNamespace("short-lived").execute());
    assertEquals(404, gone.getCode());
    assertTrue(Podman.listContainers(cluster.api().id()).stream()
        .noneMatch(c -> c.path("Id").asText().equals(pod.containerId())), "the pod's container went");
  }

  @Test
  void invalidObjectsAreRefusedWithTheApiServersMessages(TestCluster cluster) throws Exception {
    Cli.Result noPorts = Manifests.tryKubectlApply(cluster,
        "apiVersion: v1\nkind: Service\nmetadata: {name: bad, namespace: core-kinds}\nspec: {selector: {app: x}}\n");
    Cli.Result tls = Manifests.tryKubectlApply(cluster, "apiVersion: v1\nkind: Secret\nmetadata: {name: bad,"
        + " namespace: core-kinds}\ntype: kubernetes.io/tls\ndata: {tls.key: YQ==}\n");
    Cli.Result badKey = Manifests.tryKubectlApply(cluster,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad, namespace: core-kinds}\ndata: {'a b': x}\n");

    assertNotEquals(0, noPorts.exitCode());
    assertTrue(noPorts.stderr().contains("The Service \"bad\" is invalid: spec.ports: Required value"), noPorts.toString());
    assertTrue(tls.stderr().contains("The Secret \"bad\" is invalid: data[tls.crt]: Required value"), tls.toString());
    assertTrue(badKey.stderr().contains("The ConfigMap \"bad\" is invalid: data[a b]: Invalid value: \"a b\": a valid"
        + " config key must consist of alphanumeric characters"), badKey.toString());
    assertEquals(List.of("kube-root-ca.crt", "web-config"), core.listNamespacedConfigMap(NS).execute().getItems()
        .stream().map(c -> c.getMetadata().getName()).toList());
  }
}
