package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.liveupdate.config.ImageConfig;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Says in one line why jib-core failed, and what to do about it, keeping jib's exception as the
 * cause. The registries named are the image's ({@code <from>}'s and {@code <to>}'s).
 */
final class BuildFailures {

  private BuildFailures() {}

  static ImageBuildException describe(ImageConfig image, Path cacheDirectory, Exception failure) {
    String registries = registries(image);
    String why;
    if (find(failure, InsecureRegistryException.class) != null) {
      why = registries + " did not offer HTTPS with a trusted certificate; if it is a local"
          + " registry you trust, set <allowInsecureRegistries>true</allowInsecureRegistries>";
    } else if (find(failure, RegistryCredentialsNotSentException.class) != null) {
      why = "the registry asked for credentials over plain HTTP, which jib does not send"
          + " (use HTTPS, or run Maven with -DsendCredentialsOverHttp=true)";
    } else if (find(failure, RegistryUnauthorizedException.class) != null) {
      why = "access denied by " + registries + ": add a <server> whose <id> is the registry host"
          + " to ~/.m2/settings.xml, or run 'docker login <registry>' ("
          + find(failure, RegistryUnauthorizedException.class).getMessage() + ")";
    } else if (find(failure, UnknownHostException.class) != null) {
      why = "unknown host " + find(failure, UnknownHostException.class).getMessage()
          + " (is the registry name in <from>/<to> right?)";
    } else if (find(failure, ConnectException.class) != null
        || find(failure, NoRouteToHostException.class) != null) {
      why = "connection refused by " + registries + " (is the registry running?)";
    } else if (find(failure, SocketTimeoutException.class) != null) {
      why = "timed out talking to " + registries + " (is the registry reachable? jib's timeout is"
          + " -Djib.httpTimeout, in milliseconds)";
    } else if (failure instanceof CacheDirectoryCreationException) {
      why = "cannot create jib's cache directory " + cacheDirectory + ": " + rootMessage(failure);
    } else {
      why = rootMessage(failure);
    }
    return new ImageBuildException(image.to(), "cannot push to " + image.to() + ": " + why, failure);
  }

  /** {@code 127.0.0.1:5000}, or {@code docker.io and 127.0.0.1:5000} when they differ. */
  private static String registries(ImageConfig image) {
    Set<String> registries = new LinkedHashSet<>();
    for (String reference : new String[] {image.from(), image.to()}) {
      try {
        ImageReference parsed = ImageReference.parse(reference);
        if (!parsed.isScratch()) {
          registries.add(parsed.getRegistry());
        }
      } catch (Exception notAReference) {
        registries.add(reference);
      }
    }
    return String.join(" or ", registries);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** The innermost message, which usually says what really went wrong, with its type. */
  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message
        + (root == failure ? "" : " (" + failure.getClass().getSimpleName() + ")");
  }
}
