package dev.liveupdate.image;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.config.ImagePort;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JibImageBuilder} against a real registry ({@link LocalRegistry}): a base image built
 * {@code FROM scratch} is pushed first, then the application image is built from it.
 */
class JibImageBuilderTest {

  @TempDir static Path registryDir;
  static LocalRegistry registry;
  static String base;

  @TempDir Path module;
  Path buildDir;
  JibImageBuilder builder;
  final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startRegistryAndPushBase() throws Exception {
    registry = LocalRegistry.start(registryDir);
    Path rootfs = Files.createDirectories(registryDir.resolve("base-rootfs/bin"));
    write(rootfs.resolve("hello"), "#!/bin/sh\necho hello\n", "rwxr-xr-x");
    ImageConfig baseImage = new ImageConfig("scratch", registry.address() + "/liveupdate/base:1",
        List.of(new ImageLayer(rootfs, "/bin")), List.of(), List.of("/bin/hello"),
        Optional.empty(), Map.of("PATH", "/bin"), List.of(), true);
    base = new JibImageBuilder(registryDir.resolve("base-cache"), CredentialSource.NONE)
        .build(baseImage, IgnoreRules.defaults(rootfs, rootfs.resolve("target")), BuildListener.NONE)
        .byDigest();
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void createModule() throws IOException {
    buildDir = module.resolve("target");
    write(module.resolve("api/app.py"), "print('hi')\n", "rw-r--r--");
    write(module.resolve("api/run.sh"), "#!/bin/sh\nexec python app.py\n", "rwxr-x---");
    write(module.resolve("api/app.pyc"), "compiled", "rw-r--r--");
    write(module.resolve("api/.app.py.swp"), "vim", "rw-r--r--");
    write(module.resolve("web/index.html"), "<h1>v1</h1>\n", "rw-r--r--");
    builder = new JibImageBuilder(JibImageBuilder.cacheDirectoryIn(buildDir), CredentialSource.NONE);
  }

  @Test
  void buildsFromTheBaseAndPushesTheConfiguredImageByDigest() throws Exception {
    BuiltImage built = builder.build(app(), ignores(), events::add);

    String repository = "tilt-avatar-api";
    assertTrue(built.byDigest().startsWith(registry.address() + "/" + repository + "@sha256:"),
        built.byDigest());
    assertEquals(registry.address() + "/" + repository + ":liveupdate", built.tagged());
    assertEquals(3, built.files(), "app.py, run.sh, index.html: " + events);
    JsonNode manifest = registry.manifest(repository, built.digest());
    assertEquals(3, manifest.path("layers").size(), "the base's layer, api and web: " + manifest);
    assertEquals(manifest, registry.manifest(repository, "liveupdate"), "the tag is pushed too");

    JsonNode config = registry.config(repository, manifest).path("config");
    assertEquals(List.of("sh", "-c"), strings(config.path("Entrypoint")));
    assertEquals(List.of("exec httpd -f -p 8000 -h /app"), strings(config.path("Cmd")));
    assertEquals("/app", config.path("WorkingDir").asText());
    assertEquals(Set.of("PATH=/bin", "GREETING=hello"), Set.copyOf(strings(config.path("Env"))));
    assertEquals(List.of("8000/tcp"), fieldNames(config.path("ExposedPorts")));
  }

  @Test
  void layersHoldTheFilesWithTheirModesAndWithoutIgnoredOnes() throws Exception {
    BuiltImage built = builder.build(app(), ignores(), events::add);

    JsonNode manifest = registry.manifest("tilt-avatar-api", built.digest());
    Map<String, Integer> api = layerModes(manifest.path("layers").get(1));

    assertEquals(Set.of("app/", "app/api/", "app/api/app.py", "app/api/run.sh"), api.keySet(),
        "parents, files; no .pyc (an <ignore>), no vim swap file (a default ignore)");
    assertEquals(0750, api.get("app/api/run.sh"), "the executable bits are kept");
    assertEquals(0644, api.get("app/api/app.py"));
  }

  @Test
  void aSecondBuildReusesTheCachedLayersAndAChangeRebuildsOnlyItsLayer() throws Exception {
    BuiltImage cold = builder.build(app(), ignores(), events::add);
    Set<String> cachedAfterCold = cachedLayers();

    BuiltImage cached = new JibImageBuilder(JibImageBuilder.cacheDirectoryIn(buildDir),
        CredentialSource.NONE).build(app(), ignores(), events::add);

    assertEquals(cold.digest(), cached.digest(), "same files, same image");
    // a pool that has terminated may still have worker threads on their way out
    await("each build's executor is shut down when it returns").atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20)).untilAsserted(() -> assertEquals(List.of(),
            jibThreads(), "each build's executor is shut down when it returns"));
    assertEquals(cachedAfterCold, cachedLayers(), "no layer was built again");
    assertTrue(events.contains(new BuildEvent.Progress(100)), events.toString());

    write(module.resolve("web/index.html"), "<h1>v2</h1>\n", "rw-r--r--");
    BuiltImage changed = builder.build(app(), ignores(), events::add);

    assertNotEquals(cold.digest(), changed.digest());
    Set<String> added = new TreeSet<>(cachedLayers());
    added.removeAll(cachedAfterCold);
    assertEquals(1, added.size(), "only the web layer is new: " + added);
    JsonNode before = registry.manifest("tilt-avatar-api", cold.digest()).path("layers");
    JsonNode after = registry.manifest("tilt-avatar-api", changed.digest()).path("layers");
    assertEquals(before.get(1).path("digest"), after.get(1).path("digest"), "api is unchanged");
    assertNotEquals(before.get(2).path("digest"), after.get(2).path("digest"), "web changed");
    System.out.printf("jib build + push: cold %d ms, cached %d ms, one layer changed %d ms%n",
        cold.took().toMillis(), cached.took().toMillis(), changed.took().toMillis());
  }

  @Test
  void registryCredentialsAreAskedForByRegistryHostAndNeverReported() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    String secret = "s3cret-" + System.nanoTime();
    CredentialSource settings = host -> {
      asked.add(host);
      return Optional.of(new RegistryCredential("dev", secret, "Maven settings <server> '" + host + "'"));
    };
    JibImageBuilder withCredentials =
        new JibImageBuilder(JibImageBuilder.cacheDirectoryIn(buildDir), settings);

    withCredentials.build(app(), ignores(), events::add);

    assertTrue(asked.contains(registry.address()), asked.toString());
    assertFalse(events.toString().contains(secret), "a secret was reported");
    assertFalse(new RegistryCredential("dev", secret, "x").toString().contains(secret));
  }

  @Test
  void aStoppedRegistryFailsWithAClearMessageAndTheCause() throws Exception {
    Path dir = Files.createDirectories(module.resolve("stopped-registry"));
    String address;
    try (LocalRegistry stopped = LocalRegistry.start(dir)) {
      address = stopped.address();
    }
    ImageConfig image = withTo(app(), "scratch", address + "/tilt-avatar-api:liveupdate");

    ImageBuildException failure =
        assertThrows(ImageBuildException.class, () -> builder.build(image, ignores(), events::add));

    assertEquals("cannot push to " + address + "/tilt-avatar-api:liveupdate: connection refused by "
        + address + " (is the registry running?)", failure.getMessage());
    assertTrue(causes(failure).anyMatch(ConnectException.class::isInstance), "the cause is kept");
    assertEquals(address + "/tilt-avatar-api:liveupdate", failure.image());
  }

  @Test
  void anUnreadableLayerDirectoryFailsBeforeTalkingToAnyRegistry() throws Exception {
    ImageConfig image = app();
    Path gone = module.resolve("gone");
    ImageConfig missingLayer = new ImageConfig(image.from(), image.to(),
        List.of(new ImageLayer(gone, "/gone")), List.of(), List.of(), Optional.empty(), Map.of(),
        List.of(), true);

    ImageBuildException failure = assertThrows(ImageBuildException.class,
        () -> builder.build(missingLayer, ignores(), events::add));

    assertTrue(failure.getMessage().startsWith("cannot build " + image.to()
        + ": cannot read the layer directory " + gone), failure.getMessage());
    assertTrue(failure.getCause() instanceof IOException, String.valueOf(failure.getCause()));
  }

  private ImageConfig app() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GREETING", "hello");
    return new ImageConfig(base, registry.address() + "/tilt-avatar-api:liveupdate",
        List.of(new ImageLayer(module.resolve("api"), "/app/api"),
            new ImageLayer(module.resolve("web"), "/app/web")),
        List.of("sh", "-c"), List.of("exec httpd -f -p 8000 -h /app"), Optional.of("/app"), env,
        List.of(new ImagePort(8000, "tcp")), true);
  }

  private static ImageConfig withTo(ImageConfig image, String from, String to) {
    return new ImageConfig(from, to, image.layers(), image.entrypoint(), image.cmd(),
        image.workingDir(), image.env(), image.ports(), image.allowInsecureRegistries());
  }

  private IgnoreRules ignores() {
    return IgnoreRules.of(module, buildDir, List.of(), List.of("**/*.pyc"));
  }

  /** The layer digests in jib's application cache. */
  private Set<String> cachedLayers() throws IOException {
    try (Stream<Path> layers = Files.list(builder.applicationCache().resolve("layers"))) {
      return layers.map(path -> path.getFileName().toString()).collect(TreeSet::new, Set::add, Set::addAll);
    }
  }

  /** Entry name → mode of a gzipped tar layer. */
  private Map<String, Integer> layerModes(JsonNode layer) throws Exception {
    byte[] blob = registry.blob("tilt-avatar-api", layer.path("digest").asText());
    Map<String, Integer> modes = new LinkedHashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(blob)))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        modes.put(entry.getName(), entry.getMode() & 07777);
      }
    }
    return modes;
  }

  /** The jib threads alive now. */
  private static List<String> jibThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().startsWith("liveupdate-jib-"))
        .map(Thread::getName).toList();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Stream<Throwable> causes(Throwable failure) {
    return Stream.iterate(failure, t -> t != null, Throwable::getCause);
  }

  private static void write(Path file, String content, String mode) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }
}
