package dev.liveupdate.javaloop;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A cluster in memory for the Java loop's tests, answering as containers of the dev image would:
 * the supervisor check passes where {@link #supervised} says so; a copy records its removals and
 * tar entries; a copy with a restart answers with {@link #restartAnswer}. A rollout records the
 * image and replaces the containers with supervised ones.
 */
final class ScriptedCluster implements Cluster {

  /** One exec: its command, the removals and tar entry names it was sent. */
  record Exec(ContainerRef container, List<String> command, List<String> removals,
      List<String> entries) {
    boolean restarts() {
      return command.size() > 3;
    }
  }

  volatile List<ContainerRef> containers = List.of();
  volatile boolean supervised = true;
  volatile String restartAnswer = "ok 412 restarted app in 412 ms: pid 9 listening on 8080";
  final List<Exec> copies = new CopyOnWriteArrayList<>();
  final List<ContainerRef> checks = new CopyOnWriteArrayList<>();
  final List<String> rollouts = new CopyOnWriteArrayList<>();

  static ContainerRef container(String pod) {
    return new ContainerRef("default", pod, "app", "podman://" + pod);
  }

  @Override
  public List<ContainerRef> runningContainers() {
    return containers;
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter writer,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException {
    if (command.equals(Supervisors.CHECK)) {
      checks.add(container);
      return new ExecResult(supervised ? 0 : 1, "");
    }
    List<String> removals = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    if (writer != null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        writer.write(bytes);
        read(bytes.toByteArray(), removals, entries);
      } catch (IOException e) {
        throw new ClusterException("stdin", e);
      }
    }
    Exec exec = new Exec(container, command, removals, entries);
    copies.add(exec);
    if (exec.restarts()) {
      output.accept(new OutputLine(restartAnswer, false));
      return new ExecResult(restartAnswer.startsWith("ok ") ? 0 : 1, "");
    }
    return new ExecResult(0, "");
  }

  /** The removals (lines up to an empty one), then the tar's entry names. */
  private static void read(byte[] stdin, List<String> removals, List<String> entries)
      throws IOException {
    int start = 0;
    for (int i = 0; i < stdin.length; i++) {
      if (stdin[i] == '\n') {
        if (i == start) {
          start = i + 1;
          break;
        }
        removals.add(new String(stdin, start, i - start, java.nio.charset.StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    try (TarArchiveInputStream tar = new TarArchiveInputStream(
        new ByteArrayInputStream(stdin, start, stdin.length - start))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        entries.add(entry.getName());
      }
    }
  }

  @Override
  public void rollOut(String image, Duration timeout, Consumer<String> progress) {
    rollouts.add(image);
    List<ContainerRef> fresh = new ArrayList<>();
    for (ContainerRef old : containers) {
      fresh.add(container(old.pod() + "-r" + rollouts.size()));
    }
    containers = fresh;
    supervised = true;
  }

  @Override
  public void close() {}
}
