package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import com.google.cloud.tools.jib.registry.RegistryClient;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Asks a registry whether it holds an image, with jib-core's registry client and the credentials
 * a build would use ({@link CredentialSource}, then Docker's config): the manifest of the tag is
 * looked up, nothing is pulled.
 */
public final class RegistryLookup {

  private RegistryLookup() {}

  /** What the registry said. */
  public sealed interface Answer permits Present, Absent, Unknown {}

  /** The image is there; {@code byDigest} is {@code registry/repository@sha256:…}. */
  public record Present(String byDigest) implements Answer {}

  /** The registry answered that it has no such tag. */
  public record Absent() implements Answer {}

  /** The registry could not be asked; {@code reason} says why, {@code cause} is kept. */
  public record Unknown(String reason, Exception cause) implements Answer {}

  /**
   * @param reference      {@code registry/repository:tag}
   * @param allowInsecure  whether HTTP and unverified HTTPS are allowed, as for the push
   */
  public static Answer find(String reference, boolean allowInsecure, CredentialSource source) {
    ImageReference image;
    try {
      image = ImageReference.parse(reference);
    } catch (InvalidImageReferenceException e) {
      return new Unknown("'" + reference + "' is not an image reference", e);
    }
    try {
      FailoverHttpClient http = new FailoverHttpClient(allowInsecure, false, log -> { });
      RegistryClient.Factory factory = RegistryClient.factory(EventHandlers.NONE,
          image.getRegistry(), image.getRepository(), http)
          .setUserAgent(JibImageBuilder.TOOL_NAME);
      credential(image, source).ifPresent(factory::setCredential);
      RegistryClient client = factory.newRegistryClient();
      client.doPullBearerAuth();
      Optional<ManifestAndDigest<ManifestTemplate>> manifest =
          client.checkManifest(image.getQualifier());
      if (manifest.isEmpty()) {
        return new Absent();
      }
      return new Present(ImageReference.of(image.getRegistry(), image.getRepository(), null,
          manifest.get().getDigest().toString()).toString());
    } catch (IOException | RegistryException | CredentialRetrievalException
        | RuntimeException e) {
      return new Unknown(String.valueOf(e.getMessage()).lines().findFirst().orElse(
          e.getClass().getSimpleName()), e);
    }
  }

  private static Optional<Credential> credential(ImageReference image, CredentialSource source)
      throws CredentialRetrievalException {
    Optional<RegistryCredential> configured = source.credentialFor(image.getRegistry());
    if (configured.isPresent()) {
      return Optional.of(Credential.from(configured.get().username(),
          configured.get().password()));
    }
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, log -> { });
    for (CredentialRetriever retriever : List.of(factory.dockerConfig(),
        factory.wellKnownCredentialHelpers())) {
      Optional<Credential> found = retriever.retrieve();
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }
}
