package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two clients' own outcomes, without a supervisor answering: same lines, same exit statuses.
 * A test standing in for a stuck supervisor takes the request itself.
 */
class ClientTest {

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new Fixture(dir);
    Files.createDirectories(fixture.control);
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private JavaProcess client(String kind, String id, int waitSeconds) throws IOException, InterruptedException {
    if (kind.equals("java")) {
      return fixture.javaClient("--id", id, "--wait", waitSeconds + "s");
    }
    return fixture.shClient(Fixture.busyboxSh(), id, waitSeconds);
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void saysUnavailableAndWithdrawsTheRequestWhenNobodyTakesIt(String kind) throws Exception {
    JavaProcess client = client(kind, "nobody", 1);

    assertEquals(3, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).matches("unavailable \\d+ nobody took " + fixture.control.resolve("nobody.restart")
        + " within \\d+ (ms|s): is the liveupdate supervisor running\\?"), client.output());
    assertEquals(List.of(), names(fixture.control), "the request is withdrawn");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void saysUnavailableAtOnceWithoutAControlDirectory(String kind) throws Exception {
    Files.delete(fixture.control);

    JavaProcess client = client(kind, "nodir", 60);

    assertEquals(3, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).startsWith("unavailable 0 cannot create " + fixture.control.resolve("nodir.restart")
        + ": is the liveupdate supervisor running?"), client.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void timesOutWhenATakenRequestGetsNoResult(String kind) throws Exception {
    Path request = fixture.control.resolve("stuck.restart");
    Thread stuckSupervisor = new Thread(() -> Await.until("the request", () -> {
      try {
        return Files.deleteIfExists(request);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }));
    stuckSupervisor.start();

    JavaProcess client = client(kind, "stuck", 1);

    stuckSupervisor.join();
    assertEquals(124, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).matches("timeout \\d+ no result for restart stuck within (1 s|1000 ms)"), client.output());
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void refusesAnIdOutsideTheProtocolsAlphabet(String kind) throws Exception {
    JavaProcess client = client(kind, "../x", 1);

    assertEquals(2, client.process.exitValue(), client.output());
    assertTrue(client.out().get(0).startsWith("usage 0 bad request id '../x': 1 to 64 of A-Z a-z 0-9 _ -"), client.output());
    assertEquals(List.of(), names(fixture.control));
    assertFalse(Files.exists(dir.resolve("x.restart")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"java", "sh"})
  void readsAnAnswerAndCollectsIt(String kind) throws Exception {
    Path request = fixture.control.resolve("answered.restart");
    Thread supervisor = new Thread(() -> Await.until("the request", () -> {
      try {
        if (!Files.deleteIfExists(request)) {
          return false;
        }
        new ControlDirectory(fixture.control).writeResult("answered", new Result(Result.CRASHED, 42, "the app broke"));
        return true;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }));
    supervisor.start();

    JavaProcess client = client(kind, "answered", 30);

    supervisor.join();
    assertEquals(1, client.process.exitValue(), client.output());
    assertEquals(List.of("crashed 42 the app broke"), client.out());
    assertEquals(List.of(), names(fixture.control));
  }

  private static List<String> names(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toCollection(ArrayList::new));
    }
  }
}
