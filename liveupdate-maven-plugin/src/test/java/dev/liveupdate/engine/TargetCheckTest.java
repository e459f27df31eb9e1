package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.kube.PermanentClusterException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The start-up check: a permanent mistake ends the goal, what may pass is waited for and says
 * what for, a container lacking the transport's tools is a mistake naming them.
 */
class TargetCheckTest {

  private static final ContainerRef API = new ContainerRef("default", "api-1", "api", "c://1");

  /** A cluster whose listing and exec answers are set by the test. */
  private static final class ScriptedCluster implements Cluster {
    ClusterException listing;
    List<ContainerRef> containers = List.of(API);
    String noneRunning = "deployment/api in namespace default has 0 replicas: waiting";
    List<String> missingTools = List.of();
    int execExit;
    ClusterException execFailure;

    @Override
    public List<ContainerRef> runningContainers() throws ClusterException {
      if (listing != null) {
        throw listing;
      }
      return containers;
    }

    @Override
    public String noneRunning() {
      return noneRunning;
    }

    @Override
    public ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
        Consumer<OutputLine> output, Duration timeout) throws ClusterException {
      if (execFailure != null) {
        throw execFailure;
      }
      missingTools.forEach(tool -> output.accept(new OutputLine(tool, false)));
      return new ExecResult(execExit, execExit == 127 ? "executable file not found" : "");
    }

    @Override
    public void rollOut(String image, Duration timeout, Consumer<String> progress) {}

    @Override
    public void close() {}
  }

  private final ScriptedCluster cluster = new ScriptedCluster();

  @Test
  void runningContainersWithTheirToolsAreReady() throws Exception {
    assertEquals(new TargetCheck.Ready(List.of(API)), TargetCheck.run(cluster));
  }

  @Test
  void aMistakeAboutTheTargetEndsTheCheck() {
    cluster.listing = new PermanentClusterException("deployment 'apj' does not exist");

    assertEquals("deployment 'apj' does not exist",
        assertThrows(PermanentClusterException.class, () -> TargetCheck.run(cluster))
            .getMessage());
  }

  @Test
  void anUnreachableClusterIsWaitedFor() throws Exception {
    cluster.listing = new ClusterException("cannot reach https://127.0.0.1:6443 (context kind):"
        + " connection refused: is the cluster running?");

    assertEquals(new TargetCheck.NotReady("cannot reach https://127.0.0.1:6443 (context kind):"
        + " connection refused: is the cluster running?"), TargetCheck.run(cluster));
  }

  @Test
  void noRunningContainerIsWaitedForSayingWhy() throws Exception {
    cluster.containers = List.of();

    assertEquals(new TargetCheck.NotReady(cluster.noneRunning), TargetCheck.run(cluster));
  }

  @Test
  void aContainerWithoutTarAndFindIsAMistakeNamingThemAndImagesThatHaveThem() {
    cluster.missingTools = List.of("tar", "find");

    String message = assertThrows(PermanentClusterException.class,
        () -> TargetCheck.run(cluster)).getMessage();

    assertTrue(message.startsWith("container api-1/api has no tar, find: live updates run sh,"
        + " tar, find, sha256sum, rm, readlink in the container; images based on Debian or"
        + " Ubuntu"), message);
    assertTrue(message.contains("distroless and scratch images have none"), message);
  }

  @Test
  void aContainerWithoutShIsAMistakeWhetherTheRuntimeSaysSoByExitCodeOrByMessage() {
    cluster.execExit = 127;
    assertTrue(assertThrows(PermanentClusterException.class, () -> TargetCheck.run(cluster))
        .getMessage().startsWith("container api-1/api has no sh: "));

    cluster.execExit = 0;
    cluster.execFailure = new ClusterException("exec in api-1/api failed: OCI runtime exec"
        + " failed: exec failed: unable to start container process: exec: \"sh\": executable"
        + " file not found in $PATH: unknown");
    assertTrue(assertThrows(PermanentClusterException.class, () -> TargetCheck.run(cluster))
        .getMessage().startsWith("container api-1/api has no sh: "));
  }

  @Test
  void aRefusedExecIsPermanentAndAnExecThatFailsOtherwiseLeavesTheRestToTell() throws Exception {
    cluster.execFailure = new PermanentClusterException("forbidden: user 'jane' may not create"
        + " pods/exec in namespace default");
    assertInstanceOf(PermanentClusterException.class,
        assertThrows(ClusterException.class, () -> TargetCheck.run(cluster)));

    cluster.execFailure = new ClusterException("exec in api-1/api failed: the exec stream closed"
        + " without an exit status");
    assertEquals(new TargetCheck.Ready(List.of(API)), TargetCheck.run(cluster));
  }
}
