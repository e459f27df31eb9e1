package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ContainerRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's failures, one line each, as its events report them; nothing said twice. */
class RunProblemsTest {

  private static final ContainerRef API = new ContainerRef("default", "api-1", "api", "c://1");

  private final List<DevEvent> passed = new ArrayList<>();
  private final RunProblems problems = new RunProblems(passed::add);

  @Test
  void everyFailureEventIsALineAndEveryEventIsPassedOn() {
    problems.on(new DevEvent.ContainerUpdateFailed(API, "exec refused", true));
    problems.on(new DevEvent.RebuildStarted("pom.xml matches <fallBackOn> 'pom.xml'"));
    problems.on(new DevEvent.RebuildFailed("rollout of deployment api failed", null));
    problems.on(new DevEvent.StartupSyncFailed("cannot list pods", null));
    problems.on(new DevEvent.NotReady("no pod matches app=api: waiting for one", true));
    problems.on(new DevEvent.UpdateFinished(0, 1, Duration.ZERO));
    problems.on(new DevEvent.RebuildStarted("again"));
    problems.on(new DevEvent.RebuildFinished("img@sha256:1", Duration.ZERO, Duration.ZERO));

    assertEquals(List.of("api-1/api: exec refused",
        "rebuild failed (pom.xml matches <fallBackOn> 'pom.xml'): rollout of deployment api"
            + " failed",
        "start-up sync failed: cannot list pods",
        "start-up sync skipped: no pod matches app=api: waiting for one"),
        problems.merged(List.of()));
    assertEquals(8, passed.size());
    assertEquals(1, problems.rebuilds());
    assertTrue(problems.unreachableSeen());
  }

  @Test
  void theLoopsOwnLinesForTheSameFailuresAreNotRepeated() {
    problems.on(new DevEvent.ContainerUpdateFailed(API, "run step exited with 1", false));
    problems.on(new DevEvent.RebuildNeeded("docs/a.md matches no <sync>", "configure <image>"));
    problems.on(new DevEvent.RebuildStarted("pom.xml changed"));
    problems.on(new DevEvent.RebuildFailed("push refused", null));

    assertEquals(List.of("api-1/api: run step exited with 1",
        "needs a full rebuild: docs/a.md matches no <sync>",
        "rebuild failed (pom.xml changed): push refused",
        "a line of the loop's own"),
        problems.merged(List.of("api-1/api: run step exited with 1",
            "needs a full rebuild: docs/a.md matches no <sync>",
            "rebuild failed (pom.xml changed)", "a line of the loop's own")));
  }

  @Test
  void aStartWithoutSyncThatWaitsIsNoProblemByItself() {
    problems.on(new DevEvent.NotReady("cannot reach the cluster", false));

    assertEquals(List.of(), problems.merged(List.of()));
    assertTrue(problems.unreachableSeen(), "the end of a bounded run looks again");
  }
}
