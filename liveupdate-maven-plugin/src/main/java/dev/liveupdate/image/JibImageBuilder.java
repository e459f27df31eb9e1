package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.Port;
import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.config.ImagePort;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds and pushes the fallback image with jib-core: no Docker daemon, only the registries.
 *
 * <p>Layers are read from the {@code <layer>} directories by {@link LayerFiles}; jib's base-image
 * and application-layer caches live in one directory that outlives the session
 * ({@link #cacheDirectoryIn}), so a second build in a session, and a build in a later session,
 * only build, and push, the layers whose files changed. Each build runs on its own executor, shut
 * down when the build ends, however it ends.
 *
 * <p>Registry credentials: see {@link RegistryCredentials}. An image with the same content as the
 * last one gets the same digest (jib's reproducible creation time), so rolling out to it is a
 * no-op.
 */
public final class JibImageBuilder implements ImageBuilder {

  /** Sent to registries as part of the {@code User-Agent}. */
  public static final String TOOL_NAME = "liveupdate-maven-plugin";

  private static final Duration EXECUTOR_SHUTDOWN = Duration.ofSeconds(10);
  private static final AtomicInteger BUILDS = new AtomicInteger();

  private final Path cacheDirectory;
  private final CredentialSource credentials;

  /**
   * @param cacheDirectory where jib keeps layers between builds and sessions, usually
   *                       {@link #cacheDirectoryIn cacheDirectoryIn(buildDir)}
   * @param credentials    registry credentials from Maven's settings, asked before Docker's
   */
  public JibImageBuilder(Path cacheDirectory, CredentialSource credentials) {
    this.cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** {@code <buildDir>/liveupdate/jib-cache}: kept by the build, removed by {@code mvn clean}. */
  public static Path cacheDirectoryIn(Path buildDir) {
    return buildDir.resolve("liveupdate").resolve("jib-cache");
  }

  /** The directory jib's base-image layers are cached in. */
  public Path baseImageCache() {
    return cacheDirectory.resolve("base");
  }

  /** The directory jib's application layers are cached in. */
  public Path applicationCache() {
    return cacheDirectory.resolve("application");
  }

  @Override
  public BuiltImage build(ImageConfig image, IgnoreRules ignores, BuildListener listener)
      throws ImageBuildException, InterruptedException {
    long start = System.nanoTime();
    listener.on(new BuildEvent.Started(image.from(), image.to()));
    ImageReference to = parse(image.to(), image);
    JibContainerBuilder container = base(parse(image.from(), image), listener);
    int files = addLayers(container, image, ignores, listener);
    Duration scanned = since(start);
    configure(container, image);

    ExecutorService executor = newExecutor();
    try {
      Containerizer containerizer =
          Containerizer.to(RegistryCredentials.registryImage(to, credentials, listener))
              .setAllowInsecureRegistries(image.allowInsecureRegistries())
              .setBaseImageLayersCache(baseImageCache())
              .setApplicationLayersCache(applicationCache())
              .setToolName(TOOL_NAME)
              .setExecutorService(executor);
      String version = JibImageBuilder.class.getPackage().getImplementationVersion();
      if (version != null) {
        containerizer.setToolVersion(version);
      }
      Runnable done = JibEvents.reportTo(containerizer, listener);
      JibContainer pushed = container.containerize(containerizer);
      done.run();
      String digest = pushed.getDigest().toString();
      String byDigest =
          ImageReference.of(to.getRegistry(), to.getRepository(), null, digest).toString();
      return new BuiltImage(byDigest, digest, image.to(), files, scanned, since(start));
    } catch (RegistryException | IOException | CacheDirectoryCreationException
        | ExecutionException | RuntimeException e) {
      throw BuildFailures.describe(image, cacheDirectory, e);
    } finally {
      shutDown(executor, listener);
    }
  }

  private JibContainerBuilder base(ImageReference from, BuildListener listener) {
    return from.isScratch()
        ? Jib.fromScratch()
        : Jib.from(RegistryCredentials.registryImage(from, credentials, listener));
  }

  private int addLayers(JibContainerBuilder container, ImageConfig image, IgnoreRules ignores,
      BuildListener listener) throws ImageBuildException {
    int files = 0;
    for (ImageLayer layer : image.layers()) {
      LayerFiles.Scanned scanned;
      try {
        scanned = LayerFiles.scan(layer, ignores, cacheDirectory, listener);
      } catch (IOException e) {
        throw new ImageBuildException(image.to(), "cannot build " + image.to()
            + ": cannot read the layer directory " + layer.from() + ": " + e, e);
      }
      container.addFileEntriesLayer(scanned.layer());
      listener.on(new BuildEvent.LayerScanned(
          layer.from(), layer.to(), scanned.files(), scanned.bytes()));
      files += scanned.files();
    }
    return files;
  }

  private static void configure(JibContainerBuilder container, ImageConfig image) {
    if (!image.entrypoint().isEmpty()) {
      container.setEntrypoint(image.entrypoint());
    }
    if (!image.cmd().isEmpty()) {
      container.setProgramArguments(image.cmd());
    }
    image.workingDir().ifPresent(dir -> container.setWorkingDirectory(AbsoluteUnixPath.get(dir)));
    image.env().forEach(container::addEnvironmentVariable);
    for (ImagePort port : image.ports()) {
      container.addExposedPort(Port.parseProtocol(port.number(), port.protocol()));
    }
  }

  /** References were checked by the configuration reader; this only guards against misuse. */
  private static ImageReference parse(String reference, ImageConfig image)
      throws ImageBuildException {
    try {
      return ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      throw new ImageBuildException(image.to(),
          "cannot build " + image.to() + ": '" + reference + "' is not an image reference", e);
    }
  }

  /** jib waits on its own tasks from inside others: a bounded pool could deadlock. */
  private static ExecutorService newExecutor() {
    int build = BUILDS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory = task -> {
      Thread thread = new Thread(task, "liveupdate-jib-" + build + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    return Executors.newCachedThreadPool(factory);
  }

  /** Never throws: it runs in {@code finally} and must not hide the build's own failure. */
  private static void shutDown(ExecutorService executor, BuildListener listener) {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(EXECUTOR_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
        listener.on(new BuildEvent.Log(BuildEvent.Level.WARN,
            "jib's threads did not stop within " + EXECUTOR_SHUTDOWN.toSeconds() + " s"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
