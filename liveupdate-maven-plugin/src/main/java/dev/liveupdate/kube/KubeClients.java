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
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an {@link ApiClient} from a kubeconfig file the way kubectl finds it: an explicit path,
 * else the first entry of {@code $KUBECONFIG}, else {@code ~/.kube/config}; with an optional
 * context. Credentials stay inside the client: nothing here prints them, and an error about the
 * file never quotes it ({@link KubeconfigErrors}).
 */
public final class KubeClients {

  private KubeClients() {}

  /** A client, the namespace its context names (or {@code default}), and where it points. */
  public record Connection(ApiClient client, String contextNamespace, ClusterAddress address) {}

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
      throw new PermanentClusterException("no file of $KUBECONFIG exists: " + env);
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
      throw KubeconfigErrors.unreadable(kubeconfig, e);
    }
    if (config == null) {
      throw new PermanentClusterException("cannot read kubeconfig " + kubeconfig + ": it is empty");
    }
    config.setFile(kubeconfig.toFile());
    if (context.isPresent() && !config.setContext(context.get())) {
      throw new PermanentClusterException("kubeconfig " + kubeconfig + " has no context '"
          + context.get() + "' (<target><context> or -Dliveupdate.context)");
    }
    if (config.getCurrentContext() == null) {
      throw new PermanentClusterException("kubeconfig " + kubeconfig
          + " has no current-context; name one with <target><context>");
    }
    try {
      ApiClient client = ClientBuilder.kubeconfig(config).setReadTimeout(readTimeout).build();
      String namespace = Optional.ofNullable(config.getNamespace()).orElse("default");
      return new Connection(client, namespace, new ClusterAddress(
          Optional.ofNullable(config.getServer()).orElse(client.getBasePath()),
          config.getCurrentContext(), userOf(config)));
    } catch (IOException | RuntimeException e) {
      throw KubeconfigErrors.unusable(kubeconfig, config.getCurrentContext(), e);
    }
  }

  /** The name of the user entry the current context points to, or {@code ?}. */
  private static String userOf(KubeConfig config) {
    List<Object> contexts = config.getContexts();
    if (contexts != null) {
      for (Object entry : contexts) {
        if (entry instanceof Map<?, ?> named
            && config.getCurrentContext().equals(named.get("name"))
            && named.get("context") instanceof Map<?, ?> context
            && context.get("user") instanceof String user) {
          return user;
        }
      }
    }
    return "?";
  }

  private static Path existing(Path path, String what) throws ClusterException {
    if (!Files.isRegularFile(path)) {
      throw new PermanentClusterException(what + " does not exist: " + path);
    }
    return path;
  }
}
