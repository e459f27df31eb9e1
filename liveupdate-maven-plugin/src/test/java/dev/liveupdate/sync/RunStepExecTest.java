package dev.liveupdate.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ContainerRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Run steps as real processes, under the shells images have ({@code dash} as {@code sh}, and
 * busybox), with and without a session of their own (runc gives an exec'd process one): a step
 * that outlives its timeout is ended with everything it started, and its output is bounded.
 */
class RunStepExecTest {

  private static final ContainerRef CONTAINER =
      new ContainerRef("default", "local", "main", "local://1");

  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private LocalShellCluster cluster;

  @BeforeAll
  static void prerequisites() {
    for (String tool : List.of("/usr/bin/setsid", "/bin/busybox")) {
      assertTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of("/usr" + tool)),
          tool + " is missing: apt-get install -y util-linux busybox-static");
    }
  }

  @AfterEach
  void close() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0}, own session: {1}")
  @CsvSource({"sh, true", "sh, false", "busybox sh, true", "busybox sh, false"})
  void aStepOutlivingItsTimeoutIsEndedWithWhatItStartedAndSaysSo(String shell,
      boolean ownSession) throws Exception {
    cluster = new LocalShellCluster(List.of(shell.split(" ")), ownSession);
    int seconds = 7000 + ThreadLocalRandom.current().nextInt(2000); // names this test's sleeps
    String command = "echo started; sleep " + seconds + "1 & sleep " + seconds + "2; echo never";

    RunStepExec.Result result = new RunStepExec(cluster, events::add, Duration.ofSeconds(1))
        .run(CONTAINER, command);

    RunStepExec.TimedOut late = assertInstanceOf(RunStepExec.TimedOut.class, result);
    assertEquals(Duration.ofSeconds(1), late.timeout());
    assertEquals("stopped it in the container (3 process(es) killed)", late.stopped());
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of(),
        LocalShellCluster.liveProcessesWith("sleep " + seconds)));
    assertEquals(List.of("started"), shown(), "the wrapper's line is not shown");
  }

  @Test
  void whatTheStepPutInTheBackgroundIsEndedThroughItsProcessGroup() throws Exception {
    cluster = new LocalShellCluster(List.of("busybox", "sh"), true);
    int seconds = 7000 + ThreadLocalRandom.current().nextInt(2000);
    // the subshell's sleep is orphaned at once: no parent links it to the step, its group does
    String command = "(sleep " + seconds + "1 &); sleep " + seconds + "2";

    RunStepExec.Result result = new RunStepExec(cluster, events::add, Duration.ofSeconds(1))
        .run(CONTAINER, command);

    assertInstanceOf(RunStepExec.TimedOut.class, result);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(List.of(),
        LocalShellCluster.liveProcessesWith("sleep " + seconds)));
  }

  @Test
  void aStepThatEndsInTimeReportsItsExitStatusAndShowsItsOutput() throws Exception {
    cluster = new LocalShellCluster(List.of("sh"), true);

    RunStepExec.Result result = new RunStepExec(cluster, events::add, Duration.ofSeconds(30))
        .run(CONTAINER, "echo out; echo err >&2; exit 3");

    assertEquals(new RunStepExec.Exited(3), result);
    assertEquals(List.of("out", "err"), shown().stream().sorted(
        java.util.Comparator.comparing(s -> s.equals("err"))).toList());
  }

  @Test
  void outputBeyondTheCapIsCountedNotShownAndSaidAtTheEnd() throws Exception {
    cluster = new LocalShellCluster(List.of("sh"), true);
    // 2,000 lines of 999 characters and a line break: twice the cap
    String command = "i=0; line=$(head -c 999 /dev/zero | tr '\\0' y); "
        + "while [ $i -lt 2000 ]; do echo \"$line\"; i=$((i + 1)); done";

    RunStepExec.Result result = new RunStepExec(cluster, events::add, Duration.ofSeconds(60))
        .run(CONTAINER, command);

    assertEquals(new RunStepExec.Exited(0), result);
    List<String> shown = shown();
    int fit = RunStepExec.MAX_OUTPUT_CHARS / 1000;
    assertEquals(fit + 1, shown.size());
    assertEquals("… [" + String.format("%,d", (2000 - fit) * 1000) + " more characters in "
        + String.format("%,d", 2000 - fit) + " line(s) not shown: a run step shows at most "
        + String.format("%,d", RunStepExec.MAX_OUTPUT_CHARS) + "]", shown.get(fit));
  }

  @Test
  void aStepThatEndedBeforeItWasStoppedIsSaidToHaveEnded() throws Exception {
    cluster = new LocalShellCluster(List.of("sh"), true) {
      @Override
      public dev.liveupdate.kube.ExecResult exec(ContainerRef container, List<String> command,
          StdinWriter stdin, java.util.function.Consumer<OutputLine> output, Duration timeout)
          throws dev.liveupdate.kube.ClusterException, InterruptedException {
        if (command.get(2).equals(RunStepExec.WRAPPER)) {
          super.exec(container, command, stdin, output, timeout.multipliedBy(10));
          throw new dev.liveupdate.kube.ExecTimeoutException("late", null); // as if just too late
        }
        return super.exec(container, command, stdin, output, timeout);
      }
    };

    RunStepExec.Result result = new RunStepExec(cluster, events::add, Duration.ofSeconds(5))
        .run(CONTAINER, "true");

    assertEquals("it had ended by the time it was to be stopped",
        ((RunStepExec.TimedOut) result).stopped());
  }

  private List<String> shown() {
    return events.stream().filter(e -> e instanceof DevEvent.CommandOutput)
        .map(e -> ((DevEvent.CommandOutput) e).line()).toList();
  }
}
