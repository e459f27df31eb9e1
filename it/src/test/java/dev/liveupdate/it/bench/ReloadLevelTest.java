package dev.liveupdate.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The benchmark reads each update's level from the plugin's lines: these are the lines the plugin
 * prints today (L2, L3) and the wordings issue 13 gives the reload ladder (L0, L1).
 */
class ReloadLevelTest {

  @Test
  void aProcessRestartIsL2WithTheSupervisorsTime() {
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L2, 812)), ReloadLevel.in(
        "[INFO]   → java-plain-557757779f-l7zcz/app: restarted app in 812 ms: pid 130 listening on 8080"));
  }

  @Test
  void aHotSwapIsL0() {
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L0, 41)), ReloadLevel.in(
        "[INFO]   → java-plain-1/app: hot-swapped 1 class(es) in 41 ms"));
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L0, 7)), ReloadLevel.in(
        "[INFO]   → java-plain-1/app: hot-swapped 2 classes in 7 ms"));
  }

  @Test
  void aDevToolsRestartIsL1EvenWhenItSaysRestarted() {
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L1, 930)), ReloadLevel.in(
        "[INFO]   → java-spring-1/app: restarted app in 930 ms through Spring Boot DevTools"));
  }

  @Test
  void aRolloutIsL3WithItsTotal() {
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L3, 7368)), ReloadLevel.in(
        "[INFO]   → rolled out 127.0.0.1:43973/samples/java-plain@sha256:c97e (image 908 ms,"
            + " total 7368 ms)"));
  }

  @Test
  void otherLinesOfAnUpdateAreNoLevel() {
    for (String line : new String[] {
        "[INFO] Compiled 1 source file in 179 ms: 1 file written, 0 deleted in target/classes",
        "[INFO]   → container java-plain-1/app updated in 1932 ms",
        "[INFO] Updated 2 containers in 2807 ms",
        "[INFO] Rebuilding the image: pom.xml changed: the dependencies may differ"}) {
      assertTrue(ReloadLevel.in(line).isEmpty(), line);
    }
  }

  @Test
  void aRestartNotReadyInTimeIsAnL2WithTheTimeWaited() {
    String line = "[ERROR]   → java-spring-1/app: the app's restart did not succeed (notready after"
        + " 61036 ms): the app (pid 84) is not listening on TCP 8080 after 60000 ms"
        + " (--ready-timeout); left running";
    assertTrue(ReloadLevel.in(line).isEmpty(), line);
    assertEquals(Optional.of(new ReloadLevel.Seen(ReloadLevel.L2, 61036)),
        ReloadLevel.notReady(line));
  }
}
