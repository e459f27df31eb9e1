package dev.liveupdate.image;

import java.util.Optional;

/**
 * Credentials the user configured for a registry outside Docker's own files: the mojo answers from
 * Maven's {@code settings.xml} {@code <servers>}, whose {@code <id>} is the registry host. Asked
 * before jib-core's Docker config and credential helpers.
 */
@FunctionalInterface
public interface CredentialSource {

  /** Knows no credentials: only Docker's config and credential helpers are asked. */
  CredentialSource NONE = registry -> Optional.empty();

  /**
   * The credential for a registry, if configured.
   *
   * @param registry the registry as jib-core names it: host and optional port
   *                 ({@code 127.0.0.1:5000}, {@code ghcr.io}); Docker Hub is
   *                 {@code registry-1.docker.io}
   */
  Optional<RegistryCredential> credentialFor(String registry);
}
