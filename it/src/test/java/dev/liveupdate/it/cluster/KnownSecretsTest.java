package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which lines leak a secret, and the scan of a scenario's logs. */
class KnownSecretsTest {

  private static final String TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path dir;

  @Test
  void aLineHoldingTheSecretOrTwelveCharactersOfItLeaks() {
    KnownSecrets.register("the test token", TOKEN.replace('0', 'z'));
    String token = TOKEN.replace('0', 'z');

    assertEquals(List.of("the test token"), KnownSecrets.leaksIn("token: " + token));
    assertEquals(List.of("the test token"), KnownSecrets.leaksIn("near " + token.substring(5,
        17) + " here"));
    assertEquals(List.of(), KnownSecrets.leaksIn("near " + token.substring(5, 16) + " here"));
    assertEquals("bad line: '<the test token>' in ~/.kube/config",
        KnownSecrets.redact("bad line: '" + token.substring(3, 40) + "' in ~/.kube/config"));
  }

  @Test
  void theSecretsOfAKubeconfigAndOfSettingsAreRegistered() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "users:", "- name: u", "  user:", "    token: kubeconfig-token-1234567890",
        "    client-key-data: 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t'"));
    Path settings = Files.writeString(dir.resolve("settings.xml"), "<settings><servers><server>"
        + "<id>r</id><password> settings-password-123 </password></server></servers></settings>");

    KnownSecrets.registerKubeconfig(kubeconfig);
    KnownSecrets.registerSettings(settings);

    assertEquals(List.of("the token of kubeconfig config"),
        KnownSecrets.leaksIn("x kubeconfig-token-1234567890"));
    assertEquals(List.of("the client-key-data of kubeconfig config"),
        KnownSecrets.leaksIn("LS0tLS1CRUdJTiBQUklW"));
    assertEquals(List.of("the password of settings settings.xml"),
        KnownSecrets.leaksIn("password=settings-password-123"));
  }

  @Test
  void aScenarioLogHoldingASecretFailsTheScanNamingFileAndLine() throws Exception {
    KnownSecrets.register("the scan's token", "scan-token-abcdefghijklmnop");
    Files.createDirectories(dir.resolve("cluster"));
    Files.writeString(dir.resolve("cluster/double.log"), "scan-token-abcdefghijklmnop\n");
    Files.writeString(dir.resolve("project-mvn.log"), "fine\nscan-token-abcdefghijkl\n");

    AssertionError e = assertThrows(AssertionError.class,
        () -> ClusterExtension.assertNoSecretsIn(dir));
    assertTrue(e.getMessage().endsWith("\n  project-mvn.log:2 holds the scan's token"),
        e.getMessage());
  }
}
