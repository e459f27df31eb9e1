package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.RegistryImages.Image;
import dev.liveupdate.it.cluster.TestCluster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code mvn liveupdate:image} on a jib-maven-plugin project: the dev image in the real registry
 * is the image {@code jib:build} pushes from the same configuration, layer for layer, plus one
 * layer with the given directory at /opt/liveupdate, its entrypoint wrapped by the supervisor,
 * under its own tag. Checked through the registry's API, as a container runtime pulls it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JibImageIT {

  private static final Duration MVN = Duration.ofMinutes(4);
  private static final String REPOSITORY = "jib-image-app";
  private static final byte[] SUPERVISOR = "not a real jar: only its place is checked"
      .getBytes(StandardCharsets.UTF_8);

  private static TestCluster cluster;
  private static RegistryImages registry;
  private static Path work;
  private static Path project;
  private static Path layer;
  private static String firstDevDigest;

  @BeforeAll
  static void start() throws Exception {
    work = Path.of("target", "it-work", "jib-image").toAbsolutePath();
    cluster = TestCluster.start(work.resolve("cluster"));
    registry = new RegistryImages(cluster.registry());
    project = SampleProject.copy("jib-image", work, Map.of("base.image", cluster.baseImage(),
        "registry", cluster.registry(), "jib.version", System.getProperty("jib.version", "")));
    layer = Files.createDirectories(work.resolve("dev-layer"));
    Files.write(layer.resolve("liveupdate-supervisor.jar"), SUPERVISOR);
    Files.createDirectories(layer.resolve("conf"));
    Files.writeString(layer.resolve("conf/supervisor.properties"), "restart=on-request\n");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void devImageIsJibsImagePlusOneLayerWithTheEntrypointWrappedUnderItsOwnTag() throws Exception {
    List<String> output = mvn("compile", "jib:build", "liveupdate:image");

    String userDigest = read(project.resolve("target/jib-image.digest"));
    String devDigest = read(project.resolve("target/liveupdate/dev-image.digest"));
    assertNotEquals(userDigest, devDigest);
    assertEquals(userDigest, cluster.digestOf(ref("1.0")), "the user's tag is the user's image");
    assertEquals(userDigest, cluster.digestOf(ref("stable")), "and so is the user's other tag");
    assertEquals(devDigest, cluster.digestOf(ref("liveupdate-dev")));
    assertTrue(output.stream().anyMatch(line -> line.contains("Dev image pushed: "
        + cluster.registry() + "/" + REPOSITORY + "@" + devDigest + " (tag " + ref("liveupdate-dev")
        + ")")), String.join("\n", output));

    Image user = registry.image(REPOSITORY, "1.0");
    Image dev = registry.image(REPOSITORY, "liveupdate-dev");
    List<String> jibEntrypoint = List.of("java", "-Xss512k", "-Dgreeting.source=jib", "-cp",
        "@/app/jib-classpath-file", "demo.App");
    assertEquals(jibEntrypoint, user.strings("Entrypoint"), "what Jib computes for Java 17");
    List<String> wrapped = new ArrayList<>(List.of("java", "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC", "-Xmx32m", "-cp", "/opt/liveupdate/liveupdate-supervisor.jar",
        "dev.liveupdate.supervisor.Supervisor", "--child-java-tool-options",
        "-javaagent:/opt/liveupdate/liveupdate-supervisor.jar", "--ready-timeout", "150s", "--"));
    wrapped.addAll(jibEntrypoint);
    assertEquals(wrapped, dev.strings("Entrypoint"));
    for (String field : List.of("Cmd", "Env", "ExposedPorts", "Labels", "WorkingDir", "User",
        "Volumes")) {
      assertEquals(user.field(field), dev.field(field), field);
    }
    assertEquals(List.of("--port", "8080"), dev.strings("Cmd"));
    assertTrue(dev.strings("Env").contains("GREETING_FILE=/etc/demo/greeting.txt"));

    assertEquals(user.layers().size() + 1, dev.layers().size());
    assertEquals(user.layers(), dev.layers().subList(0, user.layers().size()),
        "the base's and Jib's layers, the very same blobs");
    Map<String, byte[]> liveUpdate = registry.files(REPOSITORY, dev.layers().get(dev.layers().size() - 1));
    assertEquals(List.of("opt/liveupdate/conf/supervisor.properties",
        "opt/liveupdate/liveupdate-supervisor.jar"), liveUpdate.keySet().stream().sorted().toList());
    assertArrayEquals(SUPERVISOR, liveUpdate.get("opt/liveupdate/liveupdate-supervisor.jar"));

    Map<String, byte[]> files = registry.allFiles(REPOSITORY, dev);
    for (String path : List.of("app/classes/demo/App.class", "app/resources/greeting.txt",
        "etc/demo/greeting.txt", "app/jib-classpath-file", "bin/busybox")) {
      assertTrue(files.containsKey(path), path + " in " + files.keySet());
    }
    assertEquals("demo.App", new String(files.get("app/jib-main-class-file"), StandardCharsets.UTF_8));
    firstDevDigest = devDigest;
  }

  @Test
  @Order(2)
  void theGoalAloneRebuildsTheSameImage() throws Exception {
    mvn("liveupdate:image");

    String devDigest = read(project.resolve("target/liveupdate/dev-image.digest"));
    assertEquals(firstDevDigest, devDigest, "nothing changed: Jib's reproducible build, same digest");
    assertEquals(devDigest, cluster.digestOf(ref("liveupdate-dev")));
  }

  @Test
  @Order(3)
  void aTagJibBuildPushesIsRefused() throws Exception {
    String before = cluster.digestOf(ref("stable"));
    try (MavenProcess mvn = MavenProcess.start(project, false, "liveupdate:image",
        "-Dliveupdate.image.directory=" + layer, "-Dliveupdate.image.tag=stable")) {
      assertNotEquals(0, mvn.awaitExit(MVN), mvn.tail(30));
      mvn.awaitLine("the dev image tag 'stable' is one jib:build pushes .*: the dev image would "
          + "overwrite your image; choose another with -Dliveupdate.image.tag", 0, MVN);
    }
    assertEquals(before, cluster.digestOf(ref("stable")));
  }

  private static List<String> mvn(String... goals) throws Exception {
    List<String> args = new ArrayList<>(List.of(goals));
    args.add("-Dliveupdate.image.directory=" + layer);
    args.add("-Djib.baseImageCache=" + work.resolve("jib-base-cache"));
    // not offline: Jib refuses to push to a registry in Maven's offline mode
    try (MavenProcess mvn = MavenProcess.start(project, false, args.toArray(String[]::new))) {
      assertEquals(0, mvn.awaitExit(MVN), mvn.tail(60));
      return mvn.lines();
    }
  }

  private static String ref(String tag) {
    return cluster.registry() + "/" + REPOSITORY + ":" + tag;
  }

  private static String read(Path file) throws Exception {
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
