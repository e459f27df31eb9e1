package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JRE base images of the test cluster, made from the JDK running the tests: a jlink'd runtime
 * (the modules a Spring Boot web app, a {@code com.sun.net.httpserver} app and a Java agent need;
 * no debug symbols, man pages or headers; with a CDS archive as JRE distributions ship), the
 * shared libraries {@code ldd} says it loads, the C.UTF-8 locale, CA certificates, passwd/group
 * entries and a {@code /tmp}. Two images share that layer:
 * <ul>
 *   <li>{@code liveupdate/jre:<feature>} adds a busybox layer ({@code sh}, {@code tar},
 *       {@code find}, {@code sha256sum}...), like the busybox base image;</li>
 *   <li>{@code liveupdate/jre-distroless:<feature>} has no shell and no tar, like distroless Java.</li>
 * </ul>
 * The gzipped layers are built once and cached under a directory keyed by the JDK and this
 * layout; each test cluster only uploads them to its registry.
 */
final class JreImages {
  /** Bump when the layout below changes, so caches of the old layout are not reused. */
  private static final int LAYOUT = 1;

  static final String JAVA_HOME = "/opt/java/openjdk";

  static final List<String> MODULES = List.of(
      "java.base", "java.compiler", "java.desktop", "java.instrument", "java.logging", "java.management",
      "java.naming", "java.net.http", "java.prefs", "java.rmi", "java.scripting", "java.security.jgss",
      "java.sql", "java.xml", "jdk.attach", "jdk.charsets", "jdk.crypto.ec", "jdk.httpserver",
      "jdk.jdwp.agent", "jdk.jfr", "jdk.localedata", "jdk.management", "jdk.naming.dns", "jdk.net",
      "jdk.unsupported", "jdk.zipfs");

  /** X11, sound and splash-screen libraries: a server JRE does not load them (Debian's headless JRE omits them). */
  private static final String EXCLUDED_FILES = "**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so";

  static final List<String> JLINK_OPTIONS = List.of("--strip-debug", "--no-man-pages", "--no-header-files",
      "--generate-cds-archive", "--include-locales=en", "--exclude-files=" + EXCLUDED_FILES);

  private static final Path LOCALE = Path.of("/usr/lib/locale/C.utf8");
  private static final Path CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

  /**
   * The cached layers.
   *
   * @param jre the runtime layer both images start with
   * @param busybox the busybox layer of {@code liveupdate/jre}
   * @param builtMillis how long building them took, 0 if they came from the cache
   * @param uncompressedBytes size of the runtime layer's tar
   */
  record Layers(RegistryPush.Layer jre, RegistryPush.Layer busybox, long builtMillis, long uncompressedBytes) {}

  /** The references of both images in one registry. */
  record Pushed(String jre, String distroless) {}

  private final Path javaHome;
  private final Path cacheRoot;

  JreImages(Path javaHome, Path cacheRoot) {
    this.javaHome = javaHome;
    this.cacheRoot = cacheRoot;
  }

  /** The JDK running this code. */
  static JreImages ofRunningJdk(Path cacheRoot) {
    return new JreImages(Path.of(System.getProperty("java.home")), cacheRoot);
  }

  /** {@code 17} for a JDK 17: the tag of both images. */
  String tag() {
    return Integer.toString(Runtime.version().feature());
  }

  /** The image config both images carry: PATH, JAVA_HOME, LANG; {@code java -version} as CMD. */
  static ObjectNode imageConfig() {
    ObjectNode config = Json.object();
    ArrayNode env = config.putArray("Env");
    env.add("PATH=" + JAVA_HOME + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.add("JAVA_HOME=" + JAVA_HOME);
    env.add("LANG=C.UTF-8");
    config.putArray("Cmd").add("java").add("-version");
    config.put("WorkingDir", "/");
    return config;
  }

  /**
   * Pushes {@code liveupdate/jre:<feature>} and {@code liveupdate/jre-distroless:<feature>} to the
   * registry at {@code registry} (building the layers first if they are not cached) and prints one
   * line with the time it took and the sizes.
   */
  Pushed push(String registry) {
    long start = System.nanoTime();
    Layers layers = layers();
    long pushStart = System.nanoTime();
    RegistryPush push = new RegistryPush(registry);
    String jre = push.push("liveupdate/jre", tag(), List.of(layers.jre(), layers.busybox()), imageConfig());
    String distroless = push.push("liveupdate/jre-distroless", tag(), List.of(layers.jre()), imageConfig());
    long end = System.nanoTime();
    System.out.printf("[test cluster] %s and %s ready in %d ms: layers %s, pushed in %d ms;"
            + " runtime layer %d MB (%d MB gzipped), busybox layer %d KB gzipped%n",
        jre, distroless, (end - start) / 1_000_000,
        layers.builtMillis() > 0 ? "built in " + layers.builtMillis() + " ms" : "cached",
        (end - pushStart) / 1_000_000, layers.uncompressedBytes() >> 20, layers.jre().size() >> 20,
        layers.busybox().size() >> 10);
    return new Pushed(jre, distroless);
  }

  /** Returns the cached layers, building them first if this JDK and layout have none yet. */
  Layers layers() {
    Path jlink = javaHome.resolve("bin/jlink");
    if (!Files.isExecutable(jlink) || !Files.isRegularFile(javaHome.resolve("jmods/java.base.jmod"))) {
      throw new IllegalStateException("the JRE images need jlink and the jmods of a JDK at " + javaHome
          + "; install with: apt-get install -y openjdk-17-jdk-headless");
    }
    Path cached = cacheRoot.resolve("jre-" + tag() + "-" + cacheKey());
    try {
      if (Files.isRegularFile(cached.resolve("layers.json"))) {
        return readIndex(cached, true);
      }
      Files.createDirectories(cacheRoot);
      Path building = Files.createTempDirectory(cacheRoot, "building-");
      try {
        long start = System.nanoTime();
        List<RegistryPush.Layer> layers = build(jlink, building);
        writeIndex(building, layers, (System.nanoTime() - start) / 1_000_000);
        try {
          Files.move(building, cached, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isRegularFile(cached.resolve("layers.json"))) {
            throw e;
          }
          // another JVM cached the same layers meanwhile: use those
        }
      } finally {
        deleteTree(building);
      }
      return readIndex(cached, false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the JRE layers in " + cached, e);
    }
  }

  private static List<RegistryPush.Layer> build(Path jlink, Path dir) throws IOException {
    Path jre = dir.resolve("jre");
    List<String> command = new java.util.ArrayList<>(List.of(jlink.toString(), "--add-modules",
        String.join(",", MODULES)));
    command.addAll(JLINK_OPTIONS);
    command.addAll(List.of("--output", jre.toString()));
    Processes.run(command);
    Path jreTar = dir.resolve("jre.tar");
    try (OutputStream out = Files.newOutputStream(jreTar); RootfsTar tar = new RootfsTar(out)) {
      runtimeLayer(tar, jre);
    }
    Path busyboxTar = dir.resolve("busybox.tar");
    try (OutputStream out = Files.newOutputStream(busyboxTar); RootfsTar tar = new RootfsTar(out)) {
      tar.busybox();
    }
    List<RegistryPush.Layer> layers = List.of(RegistryPush.compress(jreTar, dir.resolve("jre.tar.gz")),
        RegistryPush.compress(busyboxTar, dir.resolve("busybox.tar.gz")));
    Files.writeString(dir.resolve("jre.size"), Long.toString(Files.size(jreTar)));
    Files.delete(jreTar);
    Files.delete(busyboxTar);
    deleteTree(jre);
    return layers;
  }

  private static void runtimeLayer(RootfsTar tar, Path jre) throws IOException {
    for (Path required : List.of(LOCALE, CA_BUNDLE)) {
      if (!Files.exists(required)) {
        throw new IllegalStateException(required + " is missing; install with: apt-get install -y libc-bin ca-certificates");
      }
    }
    tar.directory("tmp", 01777);
    tar.directory("root", 0700);
    tar.directory("home/nonroot", 0755);
    tar.directory("app", 0755);
    tar.tree(jre, JAVA_HOME);
    for (Map.Entry<String, Path> library : SharedLibraries.of(jre).entrySet()) {
      tar.file(library.getKey().substring(1), library.getValue(), 0755);
    }
    tar.tree(LOCALE, LOCALE.toString());
    tar.file(CA_BUNDLE.toString().substring(1), CA_BUNDLE, 0644);
    tar.text("etc/passwd", "root:x:0:0:root:/root:/sbin/nologin\n"
        + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
        + "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n", 0644);
    tar.text("etc/group", "root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n", 0644);
    tar.text("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n", 0644);
  }

  private static void writeIndex(Path dir, List<RegistryPush.Layer> layers, long builtMillis) throws IOException {
    ObjectNode index = Json.object();
    index.put("builtMillis", builtMillis);
    index.put("jreUncompressedBytes", Long.parseLong(Files.readString(dir.resolve("jre.size"))));
    String[] names = {"jre", "busybox"};
    for (int i = 0; i < names.length; i++) {
      RegistryPush.Layer layer = layers.get(i);
      index.putObject(names[i]).put("digest", layer.digest()).put("size", layer.size()).put("diffId", layer.diffId());
    }
    Files.write(dir.resolve("layers.json"), Json.bytes(index));
  }

  private static Layers readIndex(Path dir, boolean fromCache) throws IOException {
    JsonNode index = Json.parse(Files.readAllBytes(dir.resolve("layers.json")));
    RegistryPush.Layer[] layers = new RegistryPush.Layer[2];
    String[] names = {"jre", "busybox"};
    for (int i = 0; i < names.length; i++) {
      JsonNode layer = index.path(names[i]);
      layers[i] = new RegistryPush.Layer(dir.resolve(names[i] + ".tar.gz"), layer.path("digest").asText(),
          layer.path("size").asLong(), layer.path("diffId").asText());
    }
    return new Layers(layers[0], layers[1], fromCache ? 0 : index.path("builtMillis").asLong(),
        index.path("jreUncompressedBytes").asLong());
  }

  /** A hash of what the layers are made of: the JDK (its path and release file) and this layout. */
  private String cacheKey() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((LAYOUT + "\n" + javaHome + "\n" + MODULES + "\n" + JLINK_OPTIONS + "\n" + Files.size(RootfsTar.BUSYBOX)
          + "\n").getBytes(StandardCharsets.UTF_8));
      sha.update(Files.readAllBytes(javaHome.resolve("release")));
      return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + javaHome.resolve("release"), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
