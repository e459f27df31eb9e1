package dev.liveupdate.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Builds an {@link ApiClient} from a kubeconfig file the way kubectl finds it: an explicit path,
 * else the first entry of {@code $KUBECONFIG}, else {@code ~/.kube/config}; with an optional
 * context. Credentials stay inside the client: nothing here prints them.
 */
public final class KubeClients {

  private KubeClients() {}

  /** A client and the namespace its context names (or {@code default}). */
  public record Connection(ApiClient client, String contextNamespace, String server) {}

  public static Path locateKubeconfig(Optional<Path> explicit) throws ClusterException {
    if (explicit.isPresent()) {
      return existing(explicit.get(), "the kubeconfig given with -Dliveupdate.kubeconfig");
    }
    String env = System.getenv("KUBECONFIG");
    if (env != null && !env.isBlank()) {
      for (String entry : env.split(java.io.File.pathSeparator)) {
        if (!entry.isBlank() && Files.isRegularFile(Path.of(entry))) {
          return Path.of(entry);
        }
      }
      throw new ClusterException("no file of $KUBECONFIG exists: " + env);
    }
    return existing(Path.of(System.getProperty("user.home"), ".kube", "config"),
        "the default kubeconfig (set $KUBECONFIG or -Dliveupdate.kubeconfig to use another)");
  }

  public static Connection connect(Path kubeconfig, Optional<String> context, Duration readTimeout)
      throws ClusterException {
    KubeConfig config;
    try (Reader reader = Files.newBufferedReader(kubeconfig, StandardCharsets.UTF_8)) {
      config = KubeConfig.loadKubeConfig(reader);
    } catch (IOException | RuntimeException e) {
      throw new ClusterException("cannot read kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
    }
    config.setFile(kubeconfig.toFile());
    if (context.isPresent() && !config.setContext(context.get())) {
      throw new ClusterException(
          "kubeconfig " + kubeconfig + " has no context '" + context.get() + "' (<target><context>)");
    }
    if (config.getCurrentContext() == null) {
      throw new ClusterException("kubeconfig " + kubeconfig
          + " has no current-context; name one with <target><context>");
    }
    try {
      ApiClient client = ClientBuilder.kubeconfig(config).setReadTimeout(readTimeout).build();
      String namespace = Optional.ofNullable(config.getNamespace()).orElse("default");
      return new Connection(client, namespace, config.getServer());
    } catch (IOException | RuntimeException e) {
      throw new ClusterException("cannot use kubeconfig " + kubeconfig + " (context "
          + config.getCurrentContext() + "): " + e.getMessage(), e);
    }
  }

  private static Path existing(Path path, String what) throws ClusterException {
    if (!Files.isRegularFile(path)) {
      throw new ClusterException(what + " does not exist: " + path);
    }
    return path;
  }
}
