package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java samples as their users run them: a real {@code mvn compile jib:build} FROM the JRE
 * image, {@code kubectl apply} of their 2-replica Deployment, and each replica answering HTTP on
 * its own pod IP once the rollout (gated on the readiness probe) is done. Then a rollout whose
 * pods never get Ready: it waits, and the old pods keep serving. Prints the build and start-up
 * figures (not asserted).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaSamplesIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static TestCluster cluster;
  private static final Map<String, JavaSample> SAMPLES = new LinkedHashMap<>();

  @BeforeAll
  static void buildBothSamples() throws Exception {
    Path work = Path.of("target", "it-work", "java-samples").toAbsolutePath();
    cluster = TestCluster.start(work.resolve("cluster"));
    for (String name : List.of("java-plain", "java-spring")) {
      JavaSample sample = JavaSample.build(name, work, cluster);
      SAMPLES.put(name, sample);
      System.out.printf("[java samples] %s: mvn compile jib:build %d ms, of which jib:build + push %d ms%n", name,
          sample.mvnTime().toMillis(), sample.jibTime().toMillis());
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"java-plain", "java-spring"})
  @Order(1)
  void bothReplicasServeTheAppFromTheirOwnPodIp(String name) throws Exception {
    JavaSample sample = SAMPLES.get(name);
    long applied = System.nanoTime();
    sample.deploy(cluster);
    Map<String, Long> readyAfter = awaitReadyTimes(name, applied);

    Cli rollout = kubectl("rollout", "status", "deployment/" + name, "--timeout=30s");
    assertEquals(0, rollout.exit, rollout.output);
    assertTrue(rollout.output.contains("deployment \"" + name + "\" successfully rolled out"), rollout.output);
    List<PodInfo> pods = cluster.waitForRunningPods("default", name, 2, TIMEOUT);
    assertEquals(2, pods.stream().map(PodInfo::ip).distinct().count(), pods.toString());
    for (PodInfo pod : pods) {
      assertEquals("Hello from " + name + " on " + pod.name() + "\n", get(pod, "/"));
      assertEquals(sample.resource("static/hello.txt"), get(pod, "/hello.txt"));
      assertEquals("ok\n", get(pod, "/health"));
      System.out.printf("[java samples] %s: pod %s Ready %d ms after kubectl apply; %s%n", name, pod.name(),
          readyAfter.get(pod.name()), startupLine(pod));
    }
  }

  @Test
  @Order(2)
  void aRolloutToPodsThatNeverGetReadyWaitsWhileTheOldPodsServe() throws Exception {
    Set<String> old = names(cluster.waitForRunningPods("default", "java-plain", 2, TIMEOUT));
    String probePath = "/spec/template/spec/containers/0/readinessProbe/httpGet/path";

    Cli patch = kubectl("patch", "deployment", "java-plain", "--type=json",
        "-p", "[{\"op\":\"replace\",\"path\":\"" + probePath + "\",\"value\":\"/not-there\"}]");
    assertEquals(0, patch.exit, patch.output);
    List<PodInfo> fresh = cluster.awaitPods("default", "java-plain", pods -> pods.size() == 2 && pods.stream()
        .allMatch(p -> p.phase().equals("Running") && !p.containerIds().isEmpty()), "2 new running pods", TIMEOUT);
    for (PodInfo pod : fresh) {
      assertEquals("ok\n", awaitGet(pod, "/health")); // the app runs; only its probe fails
    }
    Cli waiting = kubectl("rollout", "status", "deployment/java-plain", "--timeout=5s");
    assertNotEquals(0, waiting.exit, waiting.output);
    assertTrue(waiting.output.contains("2 old replicas are pending termination"), waiting.output);
    List<PodInfo> all = cluster.pods("default", "app=java-plain");
    assertEquals(old, names(all.stream().filter(PodInfo::ready).toList()), all.toString());
    assertFalse(fresh.stream().anyMatch(PodInfo::ready), fresh.toString());
    for (PodInfo pod : all.stream().filter(p -> old.contains(p.name())).toList()) {
      assertEquals("Hello from java-plain on " + pod.name() + "\n", get(pod, "/"));
    }

    Cli back = kubectl("patch", "deployment", "java-plain", "--type=json",
        "-p", "[{\"op\":\"replace\",\"path\":\"" + probePath + "\",\"value\":\"/health\"}]");
    assertEquals(0, back.exit, back.output);
    Cli done = kubectl("rollout", "status", "deployment/java-plain", "--timeout=60s");
    assertEquals(0, done.exit, done.output);
    assertEquals(old, names(cluster.waitForRunningPods("default", "java-plain", 2, TIMEOUT)));
  }

  /** Polls the pods until both are Ready; returns the milliseconds from {@code since} each took. */
  private static Map<String, Long> awaitReadyTimes(String deployment, long since) {
    Map<String, Long> ready = new LinkedHashMap<>();
    cluster.awaitPods("default", deployment, pods -> {
      pods.stream().filter(PodInfo::ready).forEach(p ->
          ready.putIfAbsent(p.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since)));
      return pods.size() == 2 && pods.stream().allMatch(PodInfo::ready);
    }, "2 Ready pods", TIMEOUT);
    return ready;
  }

  /** The app's own start-up line from the pod's log (java-plain's "started in", Spring's "Started ... in"). */
  private static String startupLine(PodInfo pod) throws Exception {
    String logs = kubectl("logs", pod.name()).output;
    Matcher m = Pattern.compile("(started in \\d+ ms|Started \\S+ in [0-9.]+ seconds \\(process running for [0-9.]+\\))")
        .matcher(logs);
    return m.find() ? "app: " + m.group(1) : "no start-up line in its log";
  }

  private static String get(PodInfo pod, String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(pod.uri(8080, path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, response.statusCode(), "GET " + pod.uri(8080, path) + ": " + response.body());
    return response.body();
  }

  /** As {@link #get}, retried while the pod's app is not listening yet. */
  private static String awaitGet(PodInfo pod, String path) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return get(pod, path);
      } catch (IOException notListeningYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("GET " + pod.uri(8080, path) + " failed for " + TIMEOUT, notListeningYet);
        }
        Thread.sleep(100);
      }
    }
  }

  private static Set<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).collect(Collectors.toSet());
  }

  private record Cli(int exit, String output) {}

  private static Cli kubectl(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not finish: " + output);
    }
    return new Cli(process.exitValue(), output);
  }
}
