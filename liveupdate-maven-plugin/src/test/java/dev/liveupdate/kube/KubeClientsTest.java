package dev.liveupdate.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A kubeconfig that cannot be read is reported by position, never by its content. */
class KubeClientsTest {

  /** 48 characters, as a service-account token's tail. */
  static final String SECRET = "s3cr3tT0kenXq9Lw2Vb7Nc4Zr8Hy1Jd6Fg0Km5Pt3Us2Ae7W";

  @TempDir Path dir;

  @Test
  void aYamlErrorOnTheTokenLineSaysWhereAndNeverEchoesTheToken() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "users:",
        "- name: dev",
        "  user:",
        "    token: " + SECRET + ": oops",
        ""));

    ClusterException e = assertThrows(ClusterException.class,
        () -> KubeClients.connect(kubeconfig, Optional.empty(), Duration.ofSeconds(1)));

    assertEquals("cannot read kubeconfig " + kubeconfig + ": not valid YAML: mapping values are"
        + " not allowed here (line 6, column 60)", e.getMessage());
    assertNoSecret(e);
  }

  @Test
  void aYamlErrorAfterClientKeyDataNeverEchoesIt() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("config"), String.join("\n",
        "apiVersion: v1",
        "users:",
        "- name: dev",
        "  user:",
        "    client-key-data: \"" + SECRET,
        "    token: x",
        ""));

    ClusterException e = assertThrows(ClusterException.class,
        () -> KubeClients.connect(kubeconfig, Optional.empty(), Duration.ofSeconds(1)));

    assertTrue(e.getMessage().startsWith("cannot read kubeconfig " + kubeconfig
        + ": not valid YAML: "), e.getMessage());
    assertTrue(e.getMessage().contains("(line 5, column 22)"), e.getMessage());
    assertNoSecret(e);
  }

  @Test
  void quotedTextLongerThanAFewCharactersIsCutFromAnyMessage() {
    assertEquals("IllegalStateException: no user '…' for context 'dev'",
        KubeconfigErrors.describe(new IllegalStateException("no user '" + SECRET
            + "' for context 'dev'")));
  }

  /** Not in the message, nor in any cause's message or stack trace. */
  private static void assertNoSecret(Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    for (int length = 8; length <= SECRET.length(); length++) {
      for (int from = 0; from + length <= SECRET.length(); from += length) {
        assertFalse(trace.toString().contains(SECRET.substring(from, from + length)),
            "a piece of the secret was printed:\n" + trace);
      }
    }
  }
}
