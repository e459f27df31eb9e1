package dev.liveupdate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import dev.liveupdate.config.ImageConfig;
import java.io.IOException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The one-line reasons for failures that are slow or hard to provoke with a real registry. */
class BuildFailuresTest {

  private static final ImageConfig IMAGE = new ImageConfig("eclipse-temurin:17-jre",
      "registry.example.com/team/api:liveupdate", List.of(), List.of(), List.of(),
      Optional.empty(), Map.of(), List.of(), false);
  private static final String PREFIX = "cannot push to registry.example.com/team/api:liveupdate: ";

  @Test
  void anUntrustedRegistryPointsAtAllowInsecureRegistries() throws Exception {
    Exception failure = new InsecureRegistryException(
        new URL("https://registry.example.com/v2/"), new SSLHandshakeException("PKIX path"));

    ImageBuildException described = BuildFailures.describe(IMAGE, Path.of("/cache"), failure);

    assertEquals(PREFIX + "registry-1.docker.io or registry.example.com did not offer HTTPS with a"
        + " trusted certificate; if it is a local registry you trust, set"
        + " <allowInsecureRegistries>true</allowInsecureRegistries>", described.getMessage());
    assertSame(failure, described.getCause());
  }

  @Test
  void anUnknownHostIsNamed() {
    Exception failure = new ExecutionException(new IOException(
        new UnknownHostException("registry.example.com")));

    assertEquals(PREFIX + "unknown host registry.example.com (is the registry name in <from>/<to>"
        + " right?)", BuildFailures.describe(IMAGE, Path.of("/cache"), failure).getMessage());
  }

  @Test
  void anUnusableCacheDirectoryIsNamed() {
    Exception failure = new CacheDirectoryCreationException(
        new AccessDeniedException("/cache/base"));

    assertEquals(PREFIX + "cannot create jib's cache directory /cache: AccessDeniedException:"
        + " /cache/base (CacheDirectoryCreationException)",
        BuildFailures.describe(IMAGE, Path.of("/cache"), failure).getMessage());
  }

  @Test
  void anythingElseGivesTheInnermostMessage() {
    Exception failure = new ExecutionException(new IllegalStateException("manifest invalid"));

    ImageBuildException described = BuildFailures.describe(IMAGE, Path.of("/cache"), failure);

    assertEquals(PREFIX + "IllegalStateException: manifest invalid (ExecutionException)",
        described.getMessage());
    assertSame(failure, described.getCause());
  }
}
