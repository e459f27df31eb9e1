package dev.liveupdate.engine;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.ignore.ModuleIgnores;
import dev.liveupdate.image.BuiltImage;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.image.JibImageBuilder;
import dev.liveupdate.image.RegistryLookup;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.KubeClients;
import dev.liveupdate.kube.KubeManifests;
import dev.liveupdate.manifest.ImageInjection;
import dev.liveupdate.manifest.ManifestApply;
import dev.liveupdate.manifest.ManifestDelete;
import dev.liveupdate.manifest.ManifestEvent;
import dev.liveupdate.manifest.ManifestException;
import dev.liveupdate.manifest.ManifestFiles;
import dev.liveupdate.manifest.ManifestObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A module's {@code <manifests>} against the cluster of its target (the kubeconfig, context and
 * namespace {@code liveupdate:dev} uses, see {@link TargetCluster}): applied at the start of
 * {@code dev}, with the {@code <image>} built, pushed and put into the workloads that run it;
 * deleted by {@code liveupdate:down}. The files are read before anything is sent, so a file that
 * cannot be read leaves the cluster untouched.
 */
public final class ModuleManifests {

  private final LiveUpdateConfig config;
  private final SessionOptions options;
  private final Consumer<ManifestEvent> listener;
  private final Optional<ManifestApply.Injection> injection;

  /** The manifests of a module whose {@code <image>}, if any, is the image to inject. */
  public ModuleManifests(LiveUpdateConfig config, SessionOptions options,
      Consumer<ManifestEvent> listener) {
    this.config = config;
    this.options = options;
    this.listener = listener;
    this.injection = config.image().map(image -> new ManifestApply.Injection(
        new ImageInjection(image.to()), progress -> build(config, options, image, progress)));
  }

  /**
   * The manifests of a module whose image is built elsewhere (a Jib module's dev image):
   * {@code injection} names its repository and builds it.
   */
  public ModuleManifests(LiveUpdateConfig config, SessionOptions options,
      Consumer<ManifestEvent> listener, ManifestApply.Injection injection) {
    this.config = config;
    this.options = options;
    this.listener = listener;
    this.injection = Optional.of(injection);
  }

  /** Applies the manifests and waits for their workloads' rollout; nothing without manifests. */
  public void apply() throws ManifestException, ClusterException, InterruptedException {
    if (config.manifests().isEmpty()) {
      return;
    }
    List<ManifestObject> objects = ManifestFiles.read(config.manifests(), config.basedir());
    KubeClients.Connection connection = connect();
    try (KubeManifests cluster = new KubeManifests(connection.client(), connection.address())) {
      listener.accept(new ManifestEvent.Progress("Applying " + objects.size()
          + " object(s) of " + config.manifests().size() + " manifest file(s) to "
          + connection.address().server() + " (namespace " + namespace(connection) + ")"));
      new ManifestApply(cluster, namespace(connection), config.basedir(), listener)
          .apply(objects, injection, options.rolloutTimeout());
    }
  }

  /**
   * Deletes what the manifests describe.
   *
   * @return how many of the objects existed
   */
  public int delete() throws ManifestException, ClusterException, InterruptedException {
    List<ManifestObject> objects = ManifestFiles.read(config.manifests(), config.basedir());
    KubeClients.Connection connection = connect();
    try (KubeManifests cluster = new KubeManifests(connection.client(), connection.address())) {
      return new ManifestDelete(cluster, namespace(connection), config.basedir(), listener)
          .delete(objects, options.rolloutTimeout());
    }
  }

  private KubeClients.Connection connect() throws ClusterException {
    return KubeClients.connect(KubeClients.locateKubeconfig(options.kubeconfig()),
        options.context().or(config.target()::context), Duration.ofSeconds(30));
  }

  private String namespace(KubeClients.Connection connection) {
    return options.namespace().or(config.target()::namespace)
        .orElse(connection.contextNamespace());
  }

  /**
   * The image the manifests run: the one in the registry under {@code <image><to>}, if there is
   * one (the start-up sync then sends what changed since), else built and pushed now. With
   * {@code -Dliveupdate.onStart=build} it is always built.
   */
  private static String build(LiveUpdateConfig config, SessionOptions options, ImageConfig image,
      Consumer<String> progress)
      throws ManifestException, InterruptedException {
    if (options.onStart() != OnStart.BUILD) {
      RegistryLookup.Answer answer = RegistryLookup.find(image.to(),
          image.allowInsecureRegistries(), options.credentials());
      if (answer instanceof RegistryLookup.Present present) {
        progress.accept(image.to() + " is in the registry: the manifests run "
            + present.byDigest() + " (not built; -Dliveupdate.onStart=build builds it)");
        return present.byDigest();
      }
      if (answer instanceof RegistryLookup.Unknown unknown) {
        progress.accept("cannot tell whether " + image.to() + " is in the registry ("
            + unknown.reason() + "); building it");
      }
    }
    progress.accept("Building " + image.to() + " (the manifests run it; <image>)");
    JibImageBuilder builder = new JibImageBuilder(
        JibImageBuilder.cacheDirectoryIn(config.buildDir()), options.credentials());
    try {
      BuiltImage built = builder.build(image, ModuleIgnores.forImage(config), event -> { });
      progress.accept("pushed " + built.byDigest() + " in " + built.took().toMillis() + " ms");
      return built.byDigest();
    } catch (ImageBuildException e) {
      throw new ManifestException("cannot build " + image.to() + ", which the manifests run; "
          + "nothing was applied: " + e.getMessage(), e);
    }
  }
}
