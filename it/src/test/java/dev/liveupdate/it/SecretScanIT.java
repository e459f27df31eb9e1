package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.KnownSecrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check every IT's {@code mvn} output goes through: a run that prints part of a secret the
 * tests handed out fails when it is closed, and its log holds the line redacted.
 */
class SecretScanIT {

  @TempDir Path work;

  @Test
  void aRunPrintingPartOfATokenFailsAndItsLogIsRedacted() throws Exception {
    byte[] random = new byte[24];
    ThreadLocalRandom.current().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    KnownSecrets.register("a token of SecretScanIT", token);
    Path project = SampleProject.copy("faults/secret-echo", work);

    MavenProcess mvn = MavenProcess.start(project, "validate",
        "-Dleak=" + token.substring(8, 40)); // 32 of its 48 characters, as issue 10 saw
    assertEquals(0, mvn.awaitExit(Duration.ofSeconds(120)), mvn.tail(20));

    AssertionError failure = assertThrows(AssertionError.class, mvn::close);
    assertTrue(failure.getMessage().contains("holds a token of SecretScanIT"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains(token.substring(8, 20)), "the secret is not said");
    String log = Files.readString(project.resolveSibling("secret-echo-mvn.log"));
    assertTrue(log.contains("echo <a token of SecretScanIT>"), log);
    assertFalse(log.contains(token.substring(8, 20)), log);
  }
}
