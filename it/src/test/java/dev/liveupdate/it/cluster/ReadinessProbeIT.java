package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readiness probes as the kubelet runs them (httpGet, tcpSocket, exec; delays, periods and
 * thresholds), seen as kubectl 1.32 and Debian's python3-kubernetes see them: the pod's Ready
 * condition, {@code containerStatuses[].ready}, the Deployment's ready and available replicas,
 * and {@code kubectl rollout status}, which finishes only when the new pods are Ready (the old
 * ones serve until then).
 */
@ExtendWith(ClusterExtension.class)
class ReadinessProbeIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Prints what python3-kubernetes reads: one line per pod, then the Deployment's counts. */
  private static final String STATUS_SCRIPT = String.join("\n",
      "import sys",
      "from kubernetes import config",
      "from kubernetes.client import AppsV1Api, CoreV1Api",
      "config.load_kube_config(config_file=sys.argv[1])",
      "name = sys.argv[2]",
      "for pod in CoreV1Api().list_namespaced_pod('default', label_selector='app=' + name).items:",
      "    ready = [c.status for c in pod.status.conditions if c.type == 'Ready']",
      "    containers = [c.ready for c in pod.status.container_statuses]",
      "    print('pod Ready=%s containers=%s ip=%s' % (ready[0], containers, pod.status.pod_ip))",
      "status = AppsV1Api().read_namespaced_deployment_status(name, 'default').status",
      "print('deployment ready=%s available=%s' % (status.ready_replicas, status.available_replicas))",
      "");

  @Test
  void httpGetProbeKeepsThePodUnreadyUntilItPassesThenTheRolloutFinishes(TestCluster cluster, @TempDir Path dir)
      throws Exception {
    apply(cluster, dir, deployment("probe-http", 1, cluster.baseImage(),
        "[sh, -c, 'mkdir -p /www && exec httpd -f -v -p 8080 -h /www']",
        "{httpGet: {path: /ready.txt, port: 8080}, periodSeconds: 1}", "READY", "unused"));
    try {
      PodInfo pod = awaitStarted(cluster, "probe-http", 1).get(0);
      awaitLog(cluster, pod.name(), "response:404", 2);

      assertFalse(cluster.pods("default", "app=probe-http").get(0).ready());
      assertTrue(kubectl(cluster, "get", "pods", "-l", "app=probe-http", "--no-headers").stdout()
          .matches(pod.name() + "\\s+0/1\\s+Running\\s+0\\s+\\S+\\s*"));
      assertEquals("pod Ready=False containers=[False] ip=" + pod.ip() + "\ndeployment ready=None available=None\n",
          python(cluster, dir, "probe-http"));
      Cli.Result waiting = kubectl(cluster, "rollout", "status", "deployment/probe-http", "--timeout=1s");
      assertNotEquals(0, waiting.exitCode(), waiting.toString());
      assertTrue(waiting.stdout().contains("0 of 1 updated replicas are available"), waiting.toString());

      cluster.podmanExec(pod.containerId(), "sh", "-c", "echo ok > /www/ready.txt");

      Cli.Result done = kubectl(cluster, "rollout", "status", "deployment/probe-http", "--timeout=30s");
      assertEquals(0, done.exitCode(), done.toString());
      assertTrue(done.stdout().contains("deployment \"probe-http\" successfully rolled out"), done.toString());
      assertEquals("pod Ready=True containers=[True] ip=" + pod.ip() + "\ndeployment ready=1 available=1\n",
          python(cluster, dir, "probe-http"));
      assertTrue(kubectl(cluster, "get", "pods", "-l", "app=probe-http", "--no-headers").stdout()
          .matches(pod.name() + "\\s+1/1\\s+Running\\s+0\\s+\\S+\\s*"));
    } finally {
      cluster.deleteDeployment("default", "probe-http");
    }
  }

  @Test
  void tcpSocketProbeOnANamedPortWaitsForTheListener(TestCluster cluster, @TempDir Path dir) throws Exception {
    apply(cluster, dir, deployment("probe-tcp", 1, cluster.baseImage(),
        "[sh, -c, 'while [ ! -f /tmp/go ]; do sleep 0.1; done; exec httpd -f -p 9000 -h /']",
        "{tcpSocket: {port: app}, periodSeconds: 1, successThreshold: 2}", "READY", "unused",
        "        ports: [{name: app, containerPort: 9000}]"));
    try {
      PodInfo pod = awaitStarted(cluster, "probe-tcp", 1).get(0);
      Cli.Result waiting = kubectl(cluster, "rollout", "status", "deployment/probe-tcp", "--timeout=3s");
      assertNotEquals(0, waiting.exitCode(), waiting.toString());
      assertFalse(cluster.pods("default", "app=probe-tcp").get(0).ready());

      cluster.podmanExec(pod.containerId(), "touch", "/tmp/go");

      Cli.Result done = kubectl(cluster, "rollout", "status", "deployment/probe-tcp", "--timeout=30s");
      assertEquals(0, done.exitCode(), done.toString());
      assertTrue(cluster.pods("default", "app=probe-tcp").get(0).ready());
    } finally {
      cluster.deleteDeployment("default", "probe-tcp");
    }
  }

  @Test
  void execProbeFailingFailureThresholdTimesMakesAReadyPodUnready(TestCluster cluster, @TempDir Path dir)
      throws Exception {
    apply(cluster, dir, deployment("probe-exec", 1, cluster.baseImage(), "[sleep, '3600']",
        "{exec: {command: [cat, /tmp/healthy]}, periodSeconds: 1, timeoutSeconds: 5, failureThreshold: 2}",
        "READY", "unused"));
    try {
      PodInfo pod = awaitStarted(cluster, "probe-exec", 1).get(0);
      cluster.podmanExec(pod.containerId(), "touch", "/tmp/healthy");
      cluster.awaitPods("default", "app=probe-exec", pods -> pods.get(0).ready(), "a Ready pod", TIMEOUT);
      assertEquals("pod Ready=True containers=[True] ip=" + pod.ip() + "\ndeployment ready=1 available=1\n",
          python(cluster, dir, "probe-exec"));

      cluster.podmanExec(pod.containerId(), "rm", "/tmp/healthy");

      cluster.awaitPods("default", "app=probe-exec", pods -> !pods.get(0).ready(), "an unready pod", TIMEOUT);
      assertEquals("pod Ready=False containers=[False] ip=" + pod.ip() + "\ndeployment ready=None available=None\n",
          python(cluster, dir, "probe-exec"));
      assertTrue(kubectl(cluster, "get", "deployment", "probe-exec", "--no-headers").stdout()
          .matches("probe-exec\\s+0/1\\s+1\\s+0\\s+\\S+\\s*"));
    } finally {
      cluster.deleteDeployment("default", "probe-exec");
    }
  }

  @Test
  void aRolloutKeepsTheOldPodsUntilAllNewOnesAreReady(TestCluster cluster, @TempDir Path dir) throws Exception {
    String command = "[sh, -c, 'mkdir -p /www && if [ \"$READY\" = yes ]; then echo ok > /www/ready.txt; fi;"
        + " exec httpd -f -p 8080 -h /www']";
    String probe = "{httpGet: {path: /ready.txt, port: 8080}, periodSeconds: 1}";
    apply(cluster, dir, deployment("rolling", 2, cluster.baseImage(), command, probe, "READY", "yes"));
    try {
      assertEquals(0, kubectl(cluster, "rollout", "status", "deployment/rolling", "--timeout=60s").exitCode());
      Set<String> old = names(cluster.pods("default", "app=rolling"));

      apply(cluster, dir, deployment("rolling", 2, cluster.baseImage(), command, probe, "READY", "no"));
      List<PodInfo> fresh = awaitStarted(cluster, "rolling", 2);
      Cli.Result waiting = kubectl(cluster, "rollout", "status", "deployment/rolling", "--timeout=3s");
      assertNotEquals(0, waiting.exitCode(), waiting.toString());
      assertTrue(waiting.stdout().contains("2 old replicas are pending termination"), waiting.toString());
      List<PodInfo> all = cluster.pods("default", "app=rolling");
      assertEquals(old, names(all.stream().filter(PodInfo::ready).toList()), all.toString());
      assertEquals(4, all.size(), all.toString());

      String firstNew = fresh.get(0).name();
      cluster.podmanExec(fresh.get(0).containerId(), "sh", "-c", "echo ok > /www/ready.txt");
      List<PodInfo> oneNewReady = cluster.awaitPods("default", "app=rolling", pods -> pods.stream()
          .anyMatch(p -> p.name().equals(firstNew) && p.ready()), firstNew + " Ready", TIMEOUT);
      assertEquals(4, oneNewReady.size(), oneNewReady.toString());
      assertTrue(oneNewReady.stream().filter(p -> old.contains(p.name())).allMatch(PodInfo::ready),
          oneNewReady.toString());
      waiting = kubectl(cluster, "rollout", "status", "deployment/rolling", "--timeout=2s");
      assertNotEquals(0, waiting.exitCode(), waiting.toString());

      cluster.podmanExec(fresh.get(1).containerId(), "sh", "-c", "echo ok > /www/ready.txt");
      Cli.Result done = kubectl(cluster, "rollout", "status", "deployment/rolling", "--timeout=30s");
      assertEquals(0, done.exitCode(), done.toString());
      assertEquals(names(fresh), names(cluster.waitForRunningPods("default", "rolling", 2, TIMEOUT)));
    } finally {
      cluster.deleteDeployment("default", "rolling");
    }
  }

  @Test
  void aProbeWithTwoHandlersIsRefusedAsTheApiServerDoes(TestCluster cluster, @TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("bad.yaml");
    Files.writeString(manifest, deployment("probe-bad", 1, cluster.baseImage(), "[sleep, '3600']",
        "{exec: {command: [true]}, tcpSocket: {port: 80}}", "READY", "unused"));

    Cli.Result apply = kubectl(cluster, "apply", "-f", manifest.toString());

    assertEquals(1, apply.exitCode(), apply.toString());
    assertTrue(apply.stderr().contains("spec.template.spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not"
        + " specify more than 1 handler type"), apply.toString());
  }

  /** Waits until {@code count} pods of the Deployment's current template have running containers. */
  private static List<PodInfo> awaitStarted(TestCluster cluster, String deployment, int count) {
    return cluster.awaitPods("default", deployment, pods -> pods.size() == count && pods.stream()
        .allMatch(p -> p.phase().equals("Running") && !p.containerIds().isEmpty() && p.ip() != null),
        count + " started pods", TIMEOUT);
  }

  private static void awaitLog(TestCluster cluster, String pod, String text, int times) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String logs = "";
    while (System.nanoTime() < deadline) {
      logs = kubectl(cluster, "logs", pod).stdout();
      if (logs.split(java.util.regex.Pattern.quote(text), -1).length > times) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("'" + text + "' not logged " + times + " times by " + pod + " within " + TIMEOUT
        + ": " + logs);
  }

  private static Set<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).collect(Collectors.toSet());
  }

  private static void apply(TestCluster cluster, Path dir, String yaml) throws Exception {
    Path manifest = Files.createTempFile(dir, "deployment", ".yaml");
    Files.writeString(manifest, yaml);
    Cli.Result apply = kubectl(cluster, "apply", "-f", manifest.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
  }

  private static Cli.Result kubectl(TestCluster cluster, String... args) throws Exception {
    return KubectlIT.kubectl(cluster, args);
  }

  private static String python(TestCluster cluster, Path dir, String deployment) throws Exception {
    Path script = dir.resolve("status.py");
    Files.writeString(script, STATUS_SCRIPT);
    Cli.Result result = Cli.run(TIMEOUT, List.of("/usr/bin/python3", script.toString(),
        cluster.kubeconfig().toString(), deployment));
    assertEquals(0, result.exitCode(), result.toString());
    return result.stdout();
  }

  private static String deployment(String name, int replicas, String image, String command, String probe,
      String envName, String envValue, String... extraContainerLines) {
    List<String> lines = new ArrayList<>(List.of(
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata: {name: " + name + "}",
        "spec:",
        "  replicas: " + replicas,
        "  selector: {matchLabels: {app: " + name + "}}",
        "  template:",
        "    metadata: {labels: {app: " + name + "}}",
        "    spec:",
        "      containers:",
        "      - name: main",
        "        image: " + image,
        "        command: " + command,
        "        env: [{name: " + envName + ", value: '" + envValue + "'}]",
        "        readinessProbe: " + probe));
    lines.addAll(List.of(extraContainerLines));
    lines.add("");
    return String.join("\n", lines);
  }
}
