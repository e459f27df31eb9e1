package dev.liveupdate.jib;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The repository an image reference names, tag and digest dropped, in one spelling per
 * repository: the registry host in lower case, Docker Hub as {@code docker.io} (whether written
 * {@code docker.io}, {@code index.docker.io}, {@code registry-1.docker.io} or not at all) and its
 * official images under {@code library/}. So {@code nginx}, {@code nginx:1.27},
 * {@code docker.io/library/nginx@sha256:…} and {@code index.docker.io/nginx} all are
 * {@code docker.io/library/nginx}, as Kubernetes and Docker read them. The syntax is checked by
 * jib-core's parser, the one that pushes the image.
 *
 * @param registry   {@code docker.io}, {@code 127.0.0.1:5000}, {@code ghcr.io}
 * @param repository {@code library/nginx}, {@code team/api}
 */
public record ImageRepository(String registry, String repository) {

  private static final String DOCKER_HUB = "docker.io";
  private static final Set<String> DOCKER_HUB_NAMES =
      Set.of(DOCKER_HUB, "index.docker.io", "registry-1.docker.io");

  /** The repository of {@code reference}, or empty if it is not an image reference. */
  public static Optional<ImageRepository> of(String reference) {
    if (reference == null || reference.isBlank()) {
      return Optional.empty();
    }
    ImageReference parsed;
    try {
      parsed = ImageReference.parse(reference.trim());
    } catch (InvalidImageReferenceException | RuntimeException e) {
      return Optional.empty(); // not a reference: it names no repository, so it matches none
    }
    String registry = parsed.getRegistry().toLowerCase(Locale.ROOT);
    String repository = parsed.getRepository();
    if (DOCKER_HUB_NAMES.contains(registry)) {
      registry = DOCKER_HUB;
      if (!repository.contains("/")) {
        repository = "library/" + repository;
      }
    }
    return Optional.of(new ImageRepository(registry, repository));
  }

  /** {@code registry/repository:tag}: the same repository under another tag. */
  public String withTag(String tag) {
    return this + ":" + tag;
  }

  @Override
  public String toString() {
    return registry + "/" + repository;
  }
}
