package dev.liveupdate.mojo;

import dev.liveupdate.image.CredentialSource;
import dev.liveupdate.image.RegistryCredential;
import java.util.List;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Registry credentials from {@code settings.xml}: the {@code <server>} whose {@code <id>} is the
 * registry host (with its port, if any), passwords decrypted as Maven does. Docker Hub also
 * answers to {@code docker.io} and {@code index.docker.io}.
 */
final class SettingsCredentials implements CredentialSource {

  private final Settings settings;
  private final SettingsDecrypter decrypter;

  SettingsCredentials(Settings settings, SettingsDecrypter decrypter) {
    this.settings = settings;
    this.decrypter = decrypter;
  }

  @Override
  public Optional<RegistryCredential> credentialFor(String registry) {
    List<String> ids = registry.equals("registry-1.docker.io")
        ? List.of(registry, "docker.io", "index.docker.io") : List.of(registry);
    for (String id : ids) {
      Server server = settings == null ? null : settings.getServer(id);
      if (server == null) {
        continue;
      }
      SettingsDecryptionResult result =
          decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
      Server decrypted = result.getServer() == null ? server : result.getServer();
      if (decrypted.getUsername() != null && decrypted.getPassword() != null) {
        return Optional.of(new RegistryCredential(decrypted.getUsername(),
            decrypted.getPassword(), "Maven settings <server> '" + id + "'"));
      }
    }
    return Optional.empty();
  }
}
