package dev.liveupdate.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.Target;
import io.kubernetes.client.openapi.ApiClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the cluster says when the target is not there, not allowed, or not running yet, against
 * canned API answers: a mistake is permanent and names what exists, a refusal names the user and
 * the verb, what may pass says what it waits for, and no message is client-java's dump.
 */
class KubeClusterTest {

  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/default/deployments/";
  private static final String PODS = "/api/v1/namespaces/default/pods";

  private final FakeApiServer api = start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aDeploymentThatDoesNotExistIsPermanentAndNamesTheOnesThatDoAndTheClosest() {
    api.answer("/api/v1/namespaces/default", 200, "{\"metadata\":{\"name\":\"default\"}}")
        .answer("/apis/apps/v1/namespaces/default/deployments", 200,
            FakeApiServer.names("web", "api", "worker"));

    ClusterException e = assertThrows(ClusterException.class,
        () -> cluster(deployment("apj")).runningContainers());

    assertInstanceOf(PermanentClusterException.class, e);
    assertEquals("deployment 'apj' does not exist in namespace default of " + api.url()
        + " (context test) (<target><deployment>); deployments there: api, web, worker; did you"
        + " mean 'api'?", e.getMessage());
  }

  @Test
  void aNamespaceThatDoesNotExistIsPermanentAndNamesTheOnesThatDo() {
    api.answer("/api/v1/namespaces", 200, FakeApiServer.names("default", "kube-system"));

    ClusterException e = assertThrows(ClusterException.class,
        () -> cluster(deployment("api")).runningContainers());

    assertInstanceOf(PermanentClusterException.class, e);
    assertEquals("namespace 'default' does not exist in " + api.url() + " (context test)"
        + " (<target><namespace>, -Dliveupdate.namespace or the context's namespace);"
        + " namespaces: default, kube-system", e.getMessage().replace("; did you mean"
        + " 'default'?", ""), "a namespace of the same name is no hint");
  }

  @Test
  void aSelectorInANamespaceThatDoesNotExistIsPermanentThoughTheServerListsNothing() {
    api.answer(PODS, 200, "{\"metadata\":{},\"items\":[]}")
        .answer("/api/v1/namespaces", 200, FakeApiServer.names("defualt"));

    ClusterException e = assertThrows(PermanentClusterException.class,
        () -> cluster(selector("app=api")).runningContainers());

    assertTrue(e.getMessage().startsWith("namespace 'default' does not exist"), e.getMessage());
    assertTrue(e.getMessage().endsWith("namespaces: defualt; did you mean 'defualt'?"),
        e.getMessage());
  }

  @Test
  void aContainerNoPodHasIsPermanentAndNamesTheirs() {
    api.answer("/api/v1/namespaces/default", 200, "{}")
        .answer(PODS, 200, FakeApiServer.pods("api-1", "Running", "{\"running\":{}}"));
    Target target = new Target(Optional.empty(), Optional.of("app=api"), Optional.of("mian"),
        Optional.empty(), Optional.empty());

    ClusterException e = assertThrows(PermanentClusterException.class,
        () -> cluster(target).runningContainers());

    assertEquals("pod api-1 has no container 'mian' (<target><container>); its containers:"
        + " main; did you mean 'main'?", e.getMessage());
  }

  @Test
  void zeroReplicasIsWaitedForAndSaysHowToScaleUp() throws Exception {
    api.answer("/api/v1/namespaces/default", 200, "{}")
        .answer(DEPLOYMENT + "api", 200, FakeApiServer.deployment("api", 0))
        .answer(PODS, 200, "{\"metadata\":{},\"items\":[]}");
    KubeCluster cluster = cluster(deployment("api"));

    assertTrue(cluster.runningContainers().isEmpty());
    assertEquals("deployment/api in namespace default has 0 replicas: waiting for it to be"
        + " scaled up (kubectl scale deployment/api --replicas=1 -n default)",
        cluster.noneRunning());
  }

  @Test
  void aPodNotRunningYetIsWaitedForNamingItsState() throws Exception {
    api.answer(DEPLOYMENT + "api", 200, FakeApiServer.deployment("api", 1))
        .answer(PODS, 200, FakeApiServer.pods("api-1", "Pending",
            "{\"waiting\":{\"reason\":\"ContainerCreating\"}}"));
    KubeCluster cluster = cluster(deployment("api"));

    assertTrue(cluster.runningContainers().isEmpty());
    assertEquals("pod api-1 of deployment/api in namespace default is Pending"
        + " (ContainerCreating): waiting for its container main to run", cluster.noneRunning());
  }

  @Test
  void forbiddenIsPermanentAndNamesTheUserAndTheVerb() {
    api.answer(DEPLOYMENT + "api", 403, FakeApiServer.status(403, "Forbidden",
        "deployments.apps \"api\" is forbidden: User \"jane\" cannot get resource"
            + " \"deployments\" in API group \"apps\" in the namespace \"default\""));

    ClusterException e = assertThrows(PermanentClusterException.class,
        () -> cluster(deployment("api")).runningContainers());

    assertEquals("forbidden: user 'jane' may not get deployments in namespace default (403 from "
        + api.url() + " (context test)); ask for that right, check it with: kubectl auth can-i"
        + " get deployments -n default", e.getMessage());
  }

  @Test
  void rejectedCredentialsArePermanentAndNameTheKubeconfigUser() {
    api.answer(DEPLOYMENT + "api", 401, FakeApiServer.status(401, "Unauthorized",
        "Unauthorized"));

    ClusterException e = assertThrows(PermanentClusterException.class,
        () -> cluster(deployment("api")).runningContainers());

    assertEquals(api.url() + " (context test) rejected the credentials of user 'tester' (401"
        + " Unauthorized): the token or client certificate in the kubeconfig is wrong or"
        + " expired; log in again and restart", e.getMessage());
  }

  @Test
  void aServerErrorIsTransient() {
    api.answer(DEPLOYMENT + "api", 503, FakeApiServer.status(503, "ServiceUnavailable",
        "etcd is not ready"));

    ClusterException e = assertThrows(ClusterException.class,
        () -> cluster(deployment("api")).runningContainers());

    assertFalse(e instanceof PermanentClusterException);
    assertEquals("cannot get deployments api in namespace default: " + api.url()
        + " (context test) answered 503 (etcd is not ready)", e.getMessage());
  }

  @Test
  void aClusterThatIsNotRunningIsOneTransientLineNamingServerContextAndCause() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed;
    KubeCluster cluster = new KubeCluster(new ApiClient().setBasePath(url), deployment("api"),
        "default", new ClusterAddress(url, "test", "tester"));

    ClusterException e = assertThrows(ClusterException.class, cluster::runningContainers);

    assertFalse(e instanceof PermanentClusterException);
    assertEquals("cannot reach " + url + " (context test): connection refused: is the cluster"
        + " running?", e.getMessage());
    assertFalse(e.getMessage().contains("HTTP response code"));
  }

  @Test
  void anExecForbiddenByRbacIsPermanentAndNamesTheVerb() {
    api.answer(PODS + "/api-1/exec", 403, FakeApiServer.status(403, "Forbidden",
        "pods \"api-1\" is forbidden: User \"jane\" cannot create resource \"pods/exec\""));
    ContainerRef container = new ContainerRef("default", "api-1", "main", "podman://1");

    ClusterException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(PermanentClusterException.class, () -> cluster(deployment("api"))
            .exec(container, List.of("true"), null, line -> { }, Duration.ofSeconds(10))));

    assertEquals("forbidden: user 'tester' may not create pods/exec in namespace default (403"
        + " from " + api.url() + " (context test)); ask for that right, check it with: kubectl"
        + " auth can-i create pods/exec -n default", e.getMessage());
  }

  private KubeCluster cluster(Target target) {
    return new KubeCluster(new ApiClient().setBasePath(api.url()), target, "default",
        new ClusterAddress(api.url(), "test", "tester"));
  }

  private static Target deployment(String name) {
    return new Target(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  private static Target selector(String selector) {
    return new Target(Optional.empty(), Optional.of(selector), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static FakeApiServer start() {
    try {
      return new FakeApiServer();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
