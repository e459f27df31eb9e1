package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reload ladder on a Spring Boot app with {@code spring-boot-devtools} on its runtime class
 * path ({@code java-spring} with {@code -Pdevtools}, two replicas): a method body edit is
 * hot-swapped (same JVM, same application context), a signature change restarts the app through
 * DevTools (same JVM, new context). The app says which through {@code GET /started} (its pid,
 * JVM start time and context start), fetched from each pod's own IP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaSpringDevToolsIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("java-spring-devtools");

  private static final String APP = "java-spring";
  private static final Duration UPDATE = Duration.ofMinutes(4);
  private static final Duration ROLLOUT = Duration.ofMinutes(8);

  private static Path project;
  private static MavenProcess dev;
  private static List<PodInfo> pods;

  @BeforeAll
  static void deployAndStartDev() throws Exception {
    TestCluster cluster = CLUSTER.cluster();
    JavaSample sample = JavaSample.build(APP, CLUSTER.work(), cluster);
    project = sample.project();
    sample.deploy(cluster);
    Set<String> plain = cluster.waitForRunningPods("default", APP, 2, ROLLOUT).stream()
        .map(PodInfo::name).collect(Collectors.toSet());
    dev = MavenProcess.start(project, false, "-ntp", "-Pdevtools", "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        "-Djib.disableUpdateChecks=true");
    dev.awaitLine("Watching .* for deployment/java-spring in namespace default", 0, ROLLOUT);
    pods = cluster.awaitPods("default", APP, ps -> ps.size() == 2
        && ps.stream().allMatch(PodInfo::ready)
        && ps.stream().noneMatch(p -> plain.contains(p.name())), "2 Ready pods of the dev image",
        ROLLOUT);
  }

  @AfterAll
  static void stopDev() throws Exception {
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  @Order(1)
  void aMethodBodyEditIsHotSwappedInTheSameJvmAndContext() throws Exception {
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Hello from java-spring on " + pod.name() + "\n", UPDATE);
    }
    Map<String, String[]> before = started();
    int from = dev.lineCount();
    edit("greeting + \" on \" + host + \"\\n\"", "greeting + \" (swapped) on \" + host + \"\\n\"");

    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Hello from java-spring (swapped) on " + pod.name() + "\n", UPDATE);
      dev.awaitLine(pod.name() + "/app: hot-swapped 1 class\\(es\\) in \\d+ ms", from, UPDATE);
    }
    Map<String, String[]> after = started();
    for (PodInfo pod : pods) {
      assertEquals(String.join(" ", before.get(pod.name())), String.join(" ",
          after.get(pod.name())), "same JVM and same context in " + pod.name());
    }
  }

  @Test
  @Order(2)
  void aSignatureChangeRestartsThroughDevToolsInTheSameJvm() throws Exception {
    Map<String, String[]> before = started();
    int from = dev.lineCount();
    edit("public String hello() {", "public String hello(@org.springframework.web.bind.annotation"
        + ".RequestParam(defaultValue = \"you\") String who) {");
    edit("greeting + \" (swapped) on \" + host + \"\\n\"",
        "greeting + \" on \" + host + \" to \" + who + \"\\n\"");

    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Hello from java-spring on " + pod.name() + " to you\n", UPDATE);
      dev.awaitLine(pod.name() + "/app: not hot-swapped \\(GreetingController: method", from,
          UPDATE);
      dev.awaitLine(pod.name() + "/app: restarted app through devtools in \\d+ ms", from, UPDATE);
    }
    Map<String, String[]> after = started();
    for (PodInfo pod : pods) {
      String[] was = before.get(pod.name());
      String[] now = after.get(pod.name());
      assertEquals(was[1] + " " + was[3], now[1] + " " + now[3],
          "the same JVM (pid, start time) in " + pod.name());
      assertNotEquals(was[5], now[5], "a new application context in " + pod.name());
    }
  }

  /** {@code GET /started} of each pod, split: {@code pid P jvm T context C}. */
  private static Map<String, String[]> started() throws Exception {
    Map<String, String[]> started = new HashMap<>();
    for (PodInfo pod : pods) {
      String body = Http.get(pod, "/started").trim();
      String[] words = body.split(" ");
      assertEquals(6, words.length, body);
      started.put(pod.name(), words);
    }
    return started;
  }

  private static void edit(String from, String to) throws Exception {
    Path file = project.resolve("src/main/java/demo/spring/GreetingController.java");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new AssertionError("GreetingController.java does not contain '" + from + "':\n" + text);
    }
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }
}
