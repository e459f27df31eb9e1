package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The double's serving certificate: self-signed for 127.0.0.1 and localhost, made once per JVM by
 * the JDK's keytool. TLS is not optional: kubectl (client-go) only sends a bearer token over
 * https, and real clusters are https.
 */
final class TlsIdentity {
  private static TlsIdentity shared;

  private final Path keyStore;
  private final String password;
  private final String certificatePem;

  private TlsIdentity(Path keyStore, String password, String certificatePem) {
    this.keyStore = keyStore;
    this.password = password;
    this.certificatePem = certificatePem;
  }

  static synchronized TlsIdentity shared() {
    if (shared == null) {
      shared = generate();
    }
    return shared;
  }

  Path keyStore() {
    return keyStore;
  }

  String password() {
    return password;
  }

  /** The certificate in PEM, to be trusted as the cluster's certificate authority. */
  String certificatePem() {
    return certificatePem;
  }

  private static TlsIdentity generate() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String password = HexFormat.of().formatHex(random);
    KnownSecrets.register("the test double's key store password", password);
    try {
      Path dir = Files.createTempDirectory("liveupdate-double-tls");
      dir.toFile().deleteOnExit();
      Path keyStore = dir.resolve("double.p12");
      keyStore.toFile().deleteOnExit();
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "double",
              "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
              "-dname", "CN=liveupdate-double",
              "-ext", "SAN=ip:127.0.0.1,dns:localhost",
              "-ext", "BC:c=ca:true",
              "-ext", "KU:c=digitalSignature,keyCertSign",
              "-validity", "30", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
              "-storepass", password, "-keypass", password)
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("keytool could not make the double's certificate: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keyStore)) {
        store.load(in, password.toCharArray());
      }
      String pem = "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
              .encodeToString(store.getCertificate("double").getEncoded())
          + "\n-----END CERTIFICATE-----\n";
      return new TlsIdentity(keyStore, password, pem);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the double's certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the double's certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making the double's certificate", e);
    }
  }
}
