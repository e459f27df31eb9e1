package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.plan.FileCopy;
import dev.liveupdate.plan.Plan;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container that cannot take a live update at all is said so once, then left alone. */
class ContainerUpdaterTest {

  private static final ContainerRef FIRST = new ContainerRef("default", "api-1", "api", "c://1");
  private static final ContainerRef RESTARTED =
      new ContainerRef("default", "api-1", "api", "c://2");

  @TempDir Path tmp;

  private final List<DevEvent> events = new CopyOnWriteArrayList<>();
  private final List<ContainerRef> execs = new CopyOnWriteArrayList<>();
  private volatile ExecResult answer = new ExecResult(ContainerUpdater.NO_TAR_EXIT,
      "no tar in the PATH");

  @Test
  void aContainerWithoutTarIsReportedOnceAsPermanentAndNotTriedAgain() throws Exception {
    ContainerUpdater updater = new ContainerUpdater(cluster(), events::add,
        Duration.ofSeconds(5), Duration.ofSeconds(5));
    Plan.LiveUpdate plan = plan();

    ContainerUpdater.Outcome first = updater.update(FIRST, plan, true);
    ContainerUpdater.Outcome second = updater.update(FIRST, plan, true);

    assertFalse(first.updated());
    assertFalse(first.retry(), "a permanent condition is not retried");
    assertTrue(first.reason().startsWith("it has no 'tar', which the shell transport needs"
        + " (sh and tar), and no /opt/liveupdate/liveupdate-supervisor.jar"), first.reason());
    assertTrue(first.reason().contains("a permanent condition, not tried again in this"
        + " container"), first.reason());
    assertEquals(List.of(new DevEvent.ContainerUpdateFailed(FIRST, first.reason(), false, null)),
        events, "said once");
    assertFalse(second.updated());
    assertFalse(second.retry());
    assertEquals(List.of(FIRST, FIRST), execs,
        "the copy, the probe for the receiver, and no second attempt in the same container");

    answer = new ExecResult(0, "");
    assertTrue(updater.update(RESTARTED, plan, true).updated(), "a new container is tried");
  }

  @Test
  void aContainerWithoutShIsReportedAsSuch() throws Exception {
    answer = new ExecResult(127, "Error: runc: exec failed: unable to start container process:"
        + " exec: \"sh\": executable file not found in $PATH");
    ContainerUpdater updater = new ContainerUpdater(cluster(), events::add,
        Duration.ofSeconds(5), Duration.ofSeconds(5));

    ContainerUpdater.Outcome outcome = updater.update(FIRST, plan(), true);

    assertTrue(outcome.reason().startsWith("it has no 'sh'"), outcome.reason());
    assertFalse(outcome.retry());
  }

  @Test
  void anyOtherCopyFailureIsRetried() throws Exception {
    answer = new ExecResult(2, "tar: write error: No space left on device");
    ContainerUpdater updater = new ContainerUpdater(cluster(), events::add,
        Duration.ofSeconds(5), Duration.ofSeconds(5));

    assertTrue(updater.update(FIRST, plan(), true).retry());
    assertTrue(updater.update(FIRST, plan(), true).retry());
    assertEquals(2, execs.size());
  }

  private Plan.LiveUpdate plan() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("api"));
    Path file = Files.writeString(src.resolve("app.py"), "x");
    return new Plan.LiveUpdate(List.of(new FileCopy(file, src, "/app/api/app.py")), List.of(),
        List.of());
  }

  private Cluster cluster() {
    return new Cluster() {
      @Override
      public List<ContainerRef> runningContainers() {
        return List.of(FIRST);
      }

      @Override
      public ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
          Consumer<OutputLine> output, Duration timeout) {
        execs.add(container);
        if (command.get(0).equals("java")) {
          // an image without the dev layer: the receiver's probe finds no class
          return new ExecResult(1, "Error: Could not find or load main class "
              + "dev.liveupdate.supervisor.ListTree");
        }
        try {
          stdin.write(OutputStream.nullOutputStream());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return answer;
      }

      @Override
      public void rollOut(String image, Duration timeout, Consumer<String> progress) {}

      @Override
      public void close() {}
    };
  }
}
