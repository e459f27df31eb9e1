package dev.liveupdate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which image references the built image replaces, as Tilt injects docker_build images. */
class ImageInjectionTest {

  private static final String BUILT = "127.0.0.1:5000/tilt-avatar-api@sha256:"
      + "a".repeat(64);

  private final ImageInjection injection = new ImageInjection("127.0.0.1:5000/tilt-avatar-api");

  @Test
  void sameRepositoryMatchesWhateverTheTagOrDigest() {
    assertTrue(injection.matches("127.0.0.1:5000/tilt-avatar-api"));
    assertTrue(injection.matches("127.0.0.1:5000/tilt-avatar-api:1"));
    assertTrue(injection.matches("127.0.0.1:5000/tilt-avatar-api@sha256:" + "b".repeat(64)));
  }

  @Test
  void aReferenceWithoutRegistryMatchesTheRepositoryPathAsTiltsDefaultRegistry() {
    assertTrue(injection.matches("tilt-avatar-api"));
    assertTrue(injection.matches("tilt-avatar-api:dev"));
  }

  @Test
  void otherRepositoriesAndRegistriesDoNotMatch() {
    assertFalse(injection.matches("127.0.0.1:5000/tilt-avatar-web"));
    assertFalse(injection.matches("ghcr.io/tilt-avatar-api"));
    assertFalse(injection.matches("team/tilt-avatar-api"));
    assertFalse(injection.matches("redis:7"));
    assertFalse(injection.matches("not a reference"));
  }

  @Test
  void onlyMatchingContainersOfWorkloadsGetTheBuiltImageAndTheOriginalIsUntouched() {
    ManifestObject deployment = Objects.deployment("api", "tilt-avatar-api", "redis:7",
        "127.0.0.1:5000/tilt-avatar-api:old");

    ManifestObject injected = injection.inject(deployment, BUILT);

    assertEquals(List.of(BUILT, "redis:7", BUILT), Objects.images(injected));
    assertEquals(List.of("tilt-avatar-api", "redis:7", "127.0.0.1:5000/tilt-avatar-api:old"),
        Objects.images(deployment));
    assertTrue(injection.referencedBy(List.of(Objects.of("Service", "api"), deployment)));
  }

  @Test
  void objectsWithoutTheImageAreReturnedAsTheyAre() {
    ManifestObject other = Objects.deployment("cache", "redis:7");
    ManifestObject service = Objects.of("Service", "api");

    assertSame(other, injection.inject(other, BUILT));
    assertSame(service, injection.inject(service, BUILT));
    assertFalse(injection.referencedBy(List.of(other, service)));
  }
}
