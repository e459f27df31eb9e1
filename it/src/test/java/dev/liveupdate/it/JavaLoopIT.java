package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * The Java loop as its user runs it: {@code java-plain} (a JDK HTTP app, two replicas) built with
 * {@code mvn compile jib:build} and deployed, then {@code mvn liveupdate:dev} on it with no
 * {@code <liveUpdate>} in its POM. Every assertion is on what the app serves, fetched from each
 * pod's own IP, or on what its containers hold. The tests run in order, like one session's edits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JavaLoopIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("java-loop");

  private static final String APP = "java-plain";
  /** Generous: a cold compile, an exec and a JVM restart on a shared 2-core machine. */
  private static final Duration UPDATE = Duration.ofMinutes(3);
  private static final Duration ROLLOUT = Duration.ofMinutes(6);

  private static TestCluster cluster;
  private static JavaSample sample;
  private static Path project;
  private static MavenProcess dev;
  private static List<PodInfo> pods;

  @BeforeAll
  static void deployAndStartDev() throws Exception {
    cluster = CLUSTER.cluster();
    sample = JavaSample.build(APP, CLUSTER.work(), cluster);
    project = sample.project();
    sample.deploy(cluster);
    Set<String> plain = names(cluster.waitForRunningPods("default", APP, 2, ROLLOUT));
    // online: the dev image is pushed, and Jib refuses to push in offline mode
    dev = MavenProcess.start(project, false, "-ntp", "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        "-Djib.disableUpdateChecks=true");
    dev.awaitLine("Sync rules inferred from jib-maven-plugin \\(exploded, appRoot /app\\):", 0,
        ROLLOUT);
    dev.awaitLine("Target: deployment/java-plain, container app", 0, ROLLOUT);
    dev.awaitLine("Rebuilding the image: .* run no live-update supervisor", 0, ROLLOUT);
    dev.awaitLine("Watching .* for deployment/java-plain in namespace default", 0, ROLLOUT);
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
  void theDevImageRunsTheAppUnderTheSupervisor() throws Exception {
    for (PodInfo pod : pods) {
      assertEquals("Hello from java-plain on " + pod.name() + "\n", Http.get(pod, "/"));
      String processes = cluster.podmanExec(pod.containerId(), "ps", "-o", "pid,args");
      assertTrue(processes.lines().anyMatch(l -> l.trim().startsWith("1 ")
          && l.contains("dev.liveupdate.supervisor.Supervisor")), processes);
    }
  }

  @Test
  @Order(2)
  void aMethodBodyEditIsHotSwappedInTheRunningJvmOfBothReplicas() throws Exception {
    int from = dev.lineCount();
    Map<String, String> pids = appPids();
    edit("src/main/java/demo/plain/Greeting.java", "\"Hello from java-plain on \"",
        "\"Howdy from java-plain on \"");

    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Howdy from java-plain on " + pod.name() + "\n", UPDATE);
      dev.awaitLine(pod.name() + "/app: hot-swapped 1 class\\(es\\) in \\d+ ms", from, UPDATE);
    }
    assertEquals(pids, appPids(), "the same JVM serves the new code in each container");
  }

  @Test
  @Order(3)
  void aFieldAddedEscalatesToARestartAndSaysWhy() throws Exception {
    int from = dev.lineCount();
    Map<String, String> pids = appPids();
    edit("src/main/java/demo/plain/Greeting.java", "  private final String host;\n",
        "  private final String host;\n  private final String suffix = \"!\";\n");
    edit("src/main/java/demo/plain/Greeting.java", "\"Howdy from java-plain on \" + host",
        "\"Howdy from java-plain on \" + host + suffix");

    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Howdy from java-plain on " + pod.name() + "!\n", UPDATE);
      dev.awaitLine(pod.name() + "/app: not hot-swapped \\(Greeting: field added suffix\\)", from,
          UPDATE);
    }
    awaitRestarts(from);
    Map<String, String> now = appPids();
    for (PodInfo pod : pods) {
      assertNotEquals(pids.get(pod.name()), now.get(pod.name()), "a new JVM in " + pod.name());
    }
  }

  @Test
  @Order(4)
  void aNewClassAndAChangedSignatureBringNewBehaviour() throws Exception {
    write("src/main/java/demo/plain/Words.java", """
        package demo.plain;

        final class Words {
          static String greet(String who) {
            return "Greetings, " + who;
          }
        }
        """);
    edit("src/main/java/demo/plain/Greeting.java", "\"Howdy from java-plain on \" + host + suffix",
        "Words.greet(host)");
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Greetings, " + pod.name() + "\n", UPDATE);
    }

    write("src/main/java/demo/plain/Words.java", """
        package demo.plain;

        final class Words {
          static String greet(String who, int times) {
            return ("Greetings, " + who + "! ").repeat(times).trim();
          }
        }
        """);
    edit("src/main/java/demo/plain/Greeting.java", "Words.greet(host)", "Words.greet(host, 2)");
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Greetings, " + pod.name() + "! Greetings, " + pod.name() + "!\n",
          UPDATE);
    }
  }

  @Test
  @Order(5)
  void aResourceEditIsServed() throws Exception {
    write("src/main/resources/static/hello.txt", "edited while the app runs\n");

    for (PodInfo pod : pods) {
      Http.await(pod, "/hello.txt", "edited while the app runs\n", UPDATE);
    }
  }

  @Test
  @Order(6)
  void aDeletedClassIsGoneFromTheContainersClasses() throws Exception {
    int created = dev.lineCount();
    write("src/main/java/demo/plain/Unused.java", """
        package demo.plain;

        final class Unused {
          static final class Inner {}
        }
        """);
    for (PodInfo pod : pods) {
      awaitClasses(pod, classes -> classes.contains("Unused.class")
          && classes.contains("Unused$Inner.class"));
    }
    // the classes land before the restart in the same exec ends: wait for it, so the restart
    // awaited below is the deletion's
    awaitRestarts(created);

    int from = dev.lineCount();
    Files.delete(project.resolve("src/main/java/demo/plain/Unused.java"));

    for (PodInfo pod : pods) {
      Set<String> classes = awaitClasses(pod, c -> !c.contains("Unused.class"));
      assertFalse(classes.contains("Unused$Inner.class"), classes.toString());
      assertTrue(classes.contains("Greeting.class"), classes.toString());
    }
    awaitRestarts(from);
  }

  @Test
  @Order(7)
  void aCompileErrorIsReportedTheOldCodeServesAndTheFixLands() throws Exception {
    int from = dev.lineCount();
    String serving = Http.get(pods.get(0), "/");
    edit("src/main/java/demo/plain/Words.java", "(\"Greetings, \" + who + \"! \")",
        "(\"Greetings, \" + who + \"! \" + missing)");

    int error = dev.awaitLine("Words\\.java:\\d+: error: cannot find symbol", from, UPDATE);
    assertTrue(dev.lines().get(error).contains("src/main/java/demo/plain/Words.java"),
        dev.lines().get(error));
    dev.awaitLine("\\[ERROR\\] 1 error", from, UPDATE);
    for (PodInfo pod : pods) {
      assertEquals(serving.replace(pods.get(0).name(), pod.name()), Http.get(pod, "/"),
          "the old code keeps serving");
    }

    edit("src/main/java/demo/plain/Words.java", " + missing)", " + \"(fixed) \")");
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Greetings, " + pod.name() + "! (fixed) Greetings, " + pod.name()
          + "! (fixed)\n", UPDATE);
    }
  }

  @Test
  @Order(8)
  void aNewDependencyRebuildsAndRollsOutThenLiveUpdatesGoOn() throws Exception {
    int from = dev.lineCount();
    Set<String> before = names(pods);
    edit("pom.xml", "  <build>", """
          <dependencies>
            <dependency>
              <groupId>commons-io</groupId>
              <artifactId>commons-io</artifactId>
              <version>2.22.0</version>
            </dependency>
          </dependencies>

          <build>""");

    dev.awaitLine("Rebuilding the image: pom.xml changed", from, UPDATE);
    dev.awaitLine("→ rolled out " + cluster.registry() + "/samples/java-plain@sha256:", from,
        ROLLOUT);
    pods = cluster.awaitPods("default", APP, ps -> ps.size() == 2
        && ps.stream().allMatch(PodInfo::ready)
        && ps.stream().noneMatch(p -> before.contains(p.name())), "2 Ready pods of the new image",
        ROLLOUT);

    edit("src/main/java/demo/plain/Greeting.java", "Words.greet(host, 2)",
        "org.apache.commons.io.FilenameUtils.getExtension(\"live.update\") + \" \" + host");
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "update " + pod.name() + "\n", UPDATE);
    }
  }

  @Test
  @Order(9)
  void syncWithoutConfigurationBringsBothReplicasUpToDateAndRestartsThem() throws Exception {
    dev.close();
    dev = null;
    edit("src/main/java/demo/plain/Greeting.java", "getExtension(\"live.update\")",
        "getExtension(\"one.sync\")");

    try (MavenProcess sync = MavenProcess.start(project, "-ntp", "liveupdate:sync",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry())) {
      assertEquals(0, sync.awaitExit(ROLLOUT), sync.tail(40));
      sync.awaitLine("Sync rules inferred from jib-maven-plugin", 0, UPDATE);
      sync.awaitLine("Compiled 1 source file", 0, UPDATE);
    }
    for (PodInfo pod : pods) {
      assertEquals("sync " + pod.name() + "\n", Http.get(pod, "/"));
    }
  }

  /** Waits for each pod's "restarted app" line printed after line {@code from}. */
  private static void awaitRestarts(int from) throws InterruptedException {
    for (PodInfo pod : pods) {
      dev.awaitLine(pod.name() + "/app: restarted app in \\d+ ms", from, UPDATE);
    }
  }

  /**
   * The pid of the app's JVM in each pod's container, by pod name, as {@code ps} there says: the
   * java process that is not the supervisor (PID 1).
   */
  private static Map<String, String> appPids() throws Exception {
    Map<String, String> pids = new HashMap<>();
    for (PodInfo pod : pods) {
      String processes = cluster.podmanExec(pod.containerId(), "ps", "-o", "pid,args");
      List<String> apps = processes.lines().map(String::trim)
          .filter(l -> l.matches("\\d+ java .*") && !l.startsWith("1 ")).toList();
      assertEquals(1, apps.size(), processes);
      pids.put(pod.name(), apps.get(0).split(" ")[0]);
    }
    return pids;
  }

  private static Set<String> awaitClasses(PodInfo pod, java.util.function.Predicate<Set<String>>
      condition) throws InterruptedException {
    Set<String>[] seen = new Set[1];
    Http.until(() -> {
      seen[0] = Set.of(cluster.podmanExec(pod.containerId(), "ls", "/app/classes/demo/plain")
          .split("\\s+"));
      return condition.test(seen[0]);
    }, "the classes of " + pod.name(), UPDATE);
    return seen[0];
  }

  private static void edit(String relative, String from, String to) throws Exception {
    ProjectFiles.edit(project, relative, from, to);
  }

  private static void write(String relative, String text) throws Exception {
    ProjectFiles.write(project, relative, text);
  }

  private static Set<String> names(List<PodInfo> pods) {
    return pods.stream().map(PodInfo::name).collect(Collectors.toSet());
  }
}
