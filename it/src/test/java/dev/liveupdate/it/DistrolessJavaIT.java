package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java loop on a JVM image without a shell or {@code tar}: {@code java-plain} built with
 * {@code -Djib.from.image=} the cluster's {@link TestCluster#distrolessJreImage() distroless JRE
 * image}, deployed, then {@code mvn liveupdate:dev} (which rolls out the dev image on the same
 * base) and {@code liveupdate:sync}. Every update goes through the dev image's Java receiver;
 * the assertions are on what the app serves and on what the containers hold, read with the dev
 * image's own {@code ListTree} (there is no {@code ls} to run).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistrolessJavaIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("distroless-java");

  private static final String APP = "java-plain";
  private static final String JAR = "/opt/liveupdate/liveupdate-supervisor.jar";
  private static final Duration UPDATE = Duration.ofMinutes(3);
  private static final Duration ROLLOUT = Duration.ofMinutes(6);

  private static TestCluster cluster;
  private static String fromImage;
  private static Path project;
  private static MavenProcess dev;
  private static List<PodInfo> pods;

  @BeforeAll
  static void deployOnTheDistrolessImageAndStartDev() throws Exception {
    cluster = CLUSTER.cluster();
    fromImage = "-Djib.from.image=" + cluster.distrolessJreImage();
    JavaSample sample = JavaSample.build(APP, CLUSTER.work(), cluster, List.of(fromImage));
    project = sample.project();
    sample.deploy(cluster);
    Set<String> plain = names(cluster.waitForRunningPods("default", APP, 2, ROLLOUT));
    dev = MavenProcess.start(project, false, "-ntp", "liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        "-Djib.disableUpdateChecks=true", fromImage);
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
  void theDevImageHasNoShellNorTarAndServes() throws Exception {
    for (PodInfo pod : pods) {
      assertEquals("Hello from java-plain on " + pod.name() + "\n", Http.get(pod, "/"));
      Set<String> tools = listed(pod, "/bin", "/usr/bin", "/opt/java/openjdk/bin").stream()
          .map(path -> path.substring(path.lastIndexOf('/') + 1)).collect(Collectors.toSet());
      assertTrue(tools.contains("java"), tools.toString());
      assertFalse(tools.contains("sh") || tools.contains("tar") || tools.contains("busybox"),
          tools.toString());
    }
  }

  @Test
  @Order(2)
  void aResourceEditIsServed() throws Exception {
    long saved = System.nanoTime();
    write("src/main/resources/static/hello.txt", "edited without a shell\n");
    for (PodInfo pod : pods) {
      Http.await(pod, "/hello.txt", "edited without a shell\n", UPDATE);
    }
    System.out.printf("[distroless] resource edit: save to served by both replicas in %d ms"
        + " (first update of the containers: the shell's exec, the probe, then the receiver)%n",
        (System.nanoTime() - saved) / 1_000_000);

    int from = dev.lineCount();
    saved = System.nanoTime();
    write("src/main/resources/static/hello.txt", "edited again\n");
    for (PodInfo pod : pods) {
      Http.await(pod, "/hello.txt", "edited again\n", UPDATE);
    }
    long served = (System.nanoTime() - saved) / 1_000_000;
    StringBuilder execs = new StringBuilder();
    for (PodInfo pod : pods) {
      int line = dev.awaitLine("container " + pod.name() + "/app updated in \\d+ ms", from, UPDATE);
      execs.append(' ').append(dev.lines().get(line).replaceAll(".*updated in ", ""));
    }
    System.out.printf("[distroless] second resource edit: save to served by both replicas in %d ms;"
        + " the receiver's exec per container:%s%n", served, execs);
  }

  @Test
  @Order(3)
  void aClassEditRestartsTheAppWithTheNewCode() throws Exception {
    long saved = System.nanoTime();
    edit("src/main/java/demo/plain/Greeting.java", "\"Hello from java-plain on \"",
        "\"Howdy from java-plain on \"");
    for (PodInfo pod : pods) {
      Http.await(pod, "/", "Howdy from java-plain on " + pod.name() + "\n", UPDATE);
    }
    System.out.printf("[distroless] class edit: save to served by both replicas in %d ms%n",
        (System.nanoTime() - saved) / 1_000_000);
  }

  @Test
  @Order(4)
  void aDeletedClassIsGoneFromTheContainers() throws Exception {
    write("src/main/java/demo/plain/Unused.java", """
        package demo.plain;

        final class Unused {
          static final class Inner {}
        }
        """);
    for (PodInfo pod : pods) {
      awaitClasses(pod, c -> c.contains("Unused.class") && c.contains("Unused$Inner.class"));
    }

    Files.delete(project.resolve("src/main/java/demo/plain/Unused.java"));

    for (PodInfo pod : pods) {
      Set<String> classes = awaitClasses(pod, c -> !c.contains("Unused.class"));
      assertFalse(classes.contains("Unused$Inner.class"), classes.toString());
      assertTrue(classes.contains("Greeting.class"), classes.toString());
    }
  }

  @Test
  @Order(5)
  void syncBringsBothReplicasUpToDate() throws Exception {
    dev.close();
    dev = null;
    edit("src/main/java/demo/plain/Greeting.java", "\"Howdy from java-plain on \"",
        "\"Synced on \"");
    write("src/main/resources/static/hello.txt", "synced without a shell\n");

    try (MavenProcess sync = MavenProcess.start(project, "-ntp", "liveupdate:sync",
        "-Dliveupdate.kubeconfig=" + cluster.kubeconfig(), "-Dregistry=" + cluster.registry(),
        fromImage)) {
      assertEquals(0, sync.awaitExit(ROLLOUT), sync.tail(40));
    }
    for (PodInfo pod : pods) {
      assertEquals("Synced on " + pod.name() + "\n", Http.get(pod, "/"));
      assertEquals("synced without a shell\n", Http.get(pod, "/hello.txt"));
    }
  }

  /** The paths below {@code dirs} as the dev image's ListTree prints them (NUL-framed records). */
  private static List<String> listed(PodInfo pod, String... dirs) {
    String[] argv = new String[4 + dirs.length];
    argv[0] = "java";
    argv[1] = "-cp";
    argv[2] = JAR;
    argv[3] = "dev.liveupdate.supervisor.ListTree";
    System.arraycopy(dirs, 0, argv, 4, dirs.length);
    String out = cluster.podmanExec(pod.containerId(), argv);
    return Arrays.stream(out.split("\0\n")).filter(r -> r.startsWith("/")).toList();
  }

  private static Set<String> awaitClasses(PodInfo pod, Predicate<Set<String>> condition)
      throws InterruptedException {
    String dir = "/app/classes/demo/plain/";
    Set<String>[] seen = new Set[1];
    Http.until(() -> {
      seen[0] = listed(pod, dir).stream().filter(p -> p.startsWith(dir))
          .map(p -> p.substring(dir.length())).collect(Collectors.toSet());
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
