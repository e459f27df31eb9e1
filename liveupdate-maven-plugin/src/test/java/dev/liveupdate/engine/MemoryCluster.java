package dev.liveupdate.engine;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A cluster in memory for the dev loop's tests: running containers as set, every exec recorded
 * with its stdin and answered with exit 0, rollouts recorded; it can be made unreachable.
 */
final class MemoryCluster implements Cluster {
  volatile List<ContainerRef> containers = List.of();
  volatile boolean unreachable;
  volatile List<String> stuck = List.of();
  volatile java.util.OptionalLong podChanges = java.util.OptionalLong.empty();
  final java.util.concurrent.atomic.AtomicInteger listings =
      new java.util.concurrent.atomic.AtomicInteger();
  final List<String> rollouts = new CopyOnWriteArrayList<>();
  final List<List<String>> execs = new CopyOnWriteArrayList<>();
  final List<String> stdin = new CopyOnWriteArrayList<>();

  @Override
  public List<ContainerRef> runningContainers() throws ClusterException {
    listings.incrementAndGet();
    if (unreachable) {
      throw new ClusterException("cannot list pods: connection refused");
    }
    return containers;
  }

  @Override
  public java.util.OptionalLong podChanges() {
    return podChanges;
  }

  /** A run step command that outlives its timeout (its exec throws, as the API client's does). */
  volatile String timingOut = "";

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter writer,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException {
    execs.add(command);
    if (command.get(command.size() - 1).equals(timingOut)) {
      output.accept(new OutputLine("@liveupdate-step 42 1234", false)); // the step's wrapper
      throw new dev.liveupdate.kube.ExecTimeoutException("exec did not finish within "
          + timeout.toSeconds() + " s", null);
    }
    if (command.size() > 2 && command.get(2).contains("kill -s KILL")) {
      output.accept(new OutputLine("1", false)); // the stop script: one process killed
    }
    if (writer != null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        writer.write(bytes);
      } catch (IOException e) {
        throw new ClusterException("stdin", e);
      }
      stdin.add(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return new ExecResult(0, "");
  }

  @Override
  public void rollOut(String image, Duration timeout, Consumer<String> progress) {
    rollouts.add(image);
  }

  @Override
  public List<String> stuckContainers() {
    return stuck;
  }

  @Override
  public void close() {}
}
