package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;

/**
 * Where jib looks for a registry's credentials, in order: the {@link CredentialSource} (Maven
 * settings), then Docker's config ({@code ~/.docker/config.json}, its {@code auths},
 * {@code credHelpers} and {@code credsStore}, honouring {@code DOCKER_CONFIG}), then the credential
 * helpers jib knows for well-known registries (GCR, ECR). jib asks them only for a registry that
 * wants authentication, and never logs a secret.
 */
final class RegistryCredentials {

  private RegistryCredentials() {}

  static RegistryImage registryImage(
      ImageReference reference, CredentialSource source, BuildListener listener) {
    RegistryImage image = RegistryImage.named(reference);
    CredentialRetrieverFactory factory =
        CredentialRetrieverFactory.forImage(reference, JibEvents.logTo(listener));
    source.credentialFor(reference.getRegistry()).ifPresent(credential ->
        image.addCredentialRetriever(factory.known(
            Credential.from(credential.username(), credential.password()), credential.origin())));
    return image
        .addCredentialRetriever(factory.dockerConfig())
        .addCredentialRetriever(factory.wellKnownCredentialHelpers());
  }
}
