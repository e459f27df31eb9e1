package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes the kubeconfig a client needs for the double: one cluster, one user with a token. */
final class Kubeconfig {
  static final String CONTEXT = "liveupdate-test";

  private Kubeconfig() {}

  static void write(Path file, URI server, String certificatePem, String token) {
    String authority = java.util.Base64.getEncoder()
        .encodeToString(certificatePem.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: liveupdate-double",
        "  cluster:",
        "    server: " + server,
        "    certificate-authority-data: " + authority,
        "users:",
        "- name: liveupdate-test",
        "  user:",
        "    token: " + token,
        "contexts:",
        "- name: " + CONTEXT,
        "  context:",
        "    cluster: liveupdate-double",
        "    user: liveupdate-test",
        "    namespace: default",
        "current-context: " + CONTEXT,
        "preferences: {}",
        "");
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, yaml);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }
}
