package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The double's REST API as kubectl 1.32 (an independent client) sees it. */
@ExtendWith(ClusterExtension.class)
class KubectlIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void missingPodIsKubectlsNotFound(TestCluster cluster) throws Exception {
    Cli.Result result = kubectl(cluster, "get", "pod", "no-such-pod");

    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("Error from server (NotFound): pods \"no-such-pod\" not found", result.stderr().strip());
  }

  @Test
  void requestsWithoutTheTokenGetA401Status(TestCluster cluster) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(DoubleClient.trusting(cluster.api().certificatePem())).build();
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(URI.create(cluster.api().url() + "/api/v1/namespaces/default/pods")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(401, response.statusCode());
    assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}", response.body());
  }

  @Test
  void applyRunsADeploymentAsPodmanContainersAndReapplyScalesIt(TestCluster cluster, @TempDir Path dir) throws Exception {
    Path manifest = dir.resolve("deployment.yaml");
    Files.writeString(manifest, deployment("kubectl-apply", 2, cluster.baseImage()));

    Cli.Result apply = kubectl(cluster, "apply", "-f", manifest.toString());
    assertEquals(0, apply.exitCode(), apply.toString());
    assertEquals("deployment.apps/kubectl-apply created", apply.stdout().strip());
    List<PodInfo> pods = cluster.waitForRunningPods("default", "kubectl-apply", 2, TIMEOUT);
    Cli.Result get = kubectl(cluster, "get", "deployment", "kubectl-apply", "--no-headers");
    assertTrue(get.stdout().matches("kubectl-apply\\s+2/2\\s+2\\s+2\\s+\\S+\\s*"), get.toString());
    for (PodInfo pod : pods) {
      assertTrue(pod.name().matches("kubectl-apply-[a-z0-9]{6,10}-[a-z0-9]{5}"), pod.name());
      assertEquals("hi from " + pod.name() + "\n",
          cluster.podmanExec(pod.containerId(), "sh", "-c", "echo $GREETING from $(hostname)"));
    }

    Files.writeString(manifest, deployment("kubectl-apply", 1, cluster.baseImage()));
    Cli.Result reapply = kubectl(cluster, "apply", "-f", manifest.toString());
    assertEquals("deployment.apps/kubectl-apply configured", reapply.stdout().strip(), reapply.toString());
    assertEquals(1, cluster.waitForRunningPods("default", "kubectl-apply", 1, TIMEOUT).size());

    assertEquals(0, kubectl(cluster, "delete", "deployment", "kubectl-apply").exitCode());
  }

  @Test
  void getPodsWatchShowsAPodComingUp(TestCluster cluster) throws Exception {
    Process watch = new ProcessBuilder("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString(),
        "get", "pods", "-l", "app=kubectl-watch", "-w", "--no-headers")
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        out.lines().forEach(lines::add);
      } catch (java.io.IOException closed) {
        // kubectl was stopped
      }
    });
    reader.start();
    try {
      cluster.createDeployment("default", "kubectl-watch", 1, java.util.Map.of("app", "kubectl-watch"), "main",
          cluster.baseImage(), List.of("sleep", "3600"));
      List<String> seen = new ArrayList<>();
      try {
        await().atMost(TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
            .pollInSameThread().until(() -> {
              lines.drainTo(seen);
              return seen.stream().anyMatch(
                  l -> l.matches("kubectl-watch-\\S+\\s+1/1\\s+Running\\s+0\\s+\\S+"));
            });
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("no Running line from kubectl get -w within " + TIMEOUT
            + "; saw " + seen, e);
      }
      assertTrue(seen.get(0).contains("ContainerCreating") || seen.get(0).contains("Pending"), seen.toString());
    } finally {
      watch.destroy();
      watch.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
      cluster.deleteDeployment("default", "kubectl-watch");
    }
  }

  @Test
  void execAndLogsWork(TestCluster cluster) throws Exception {
    cluster.createDeployment("default", "kubectl-exec", 1, java.util.Map.of("app", "kubectl-exec"), "main",
        cluster.baseImage(), List.of("sh", "-c", "echo hello-log; exec sleep 3600"));
    String pod = cluster.waitForRunningPods("default", "kubectl-exec", 1, TIMEOUT).get(0).name();
    try {
      Cli.Result exec = Cli.run(TIMEOUT, List.of("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString(),
          "exec", "-i", pod, "--", "sh", "-c", "cat; exit 4"), "through kubectl\n");
      assertEquals(4, exec.exitCode(), exec.toString());
      assertEquals("through kubectl\n", exec.stdout());
      assertEquals("hello-log\n", kubectl(cluster, "logs", pod).stdout());
    } finally {
      cluster.deleteDeployment("default", "kubectl-exec");
    }
  }

  static Cli.Result kubectl(TestCluster cluster, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    return Cli.run(TIMEOUT, command);
  }

  private static String deployment(String name, int replicas, String image) {
    return String.join("\n",
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        "  name: " + name,
        "spec:",
        "  replicas: " + replicas,
        "  selector:",
        "    matchLabels: {app: " + name + "}",
        "  template:",
        "    metadata:",
        "      labels: {app: " + name + "}",
        "    spec:",
        "      containers:",
        "      - name: main",
        "        image: " + image,
        "        command: [sleep, \"3600\"]",
        "        env: [{name: GREETING, value: hi}]",
        "");
  }
}
