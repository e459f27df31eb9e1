package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.kube.ExecTimeoutException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Execs as real processes on this machine, as a container would run them: {@code sh} is the
 * shell given ({@code sh}, or {@code busybox sh}), optionally in a session of its own as runc
 * starts an exec'd process. A timed-out exec is abandoned and its process left running, as the
 * API server leaves it.
 */
class LocalShellCluster implements Cluster {

  private final List<String> shell;
  private final boolean ownSession;
  final List<Process> started = new ArrayList<>();

  /**
   * @param shell      what runs for {@code sh}: {@code List.of("sh")}, {@code List.of("busybox",
   *                   "sh")}
   * @param ownSession whether each exec leads a session and process group of its own
   *                   ({@code setsid}), as under runc
   */
  LocalShellCluster(List<String> shell, boolean ownSession) {
    this.shell = List.copyOf(shell);
    this.ownSession = ownSession;
  }

  @Override
  public List<ContainerRef> runningContainers() {
    return List.of(new ContainerRef("default", "local", "main", "local://1"));
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException {
    List<String> argv = new ArrayList<>();
    if (ownSession) {
      argv.add("setsid");
    }
    argv.addAll(command.get(0).equals("sh") ? shell : List.of(command.get(0)));
    argv.addAll(command.subList(1, command.size()));
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new ClusterException("cannot start " + argv, e);
    }
    synchronized (started) {
      started.add(process);
    }
    List<String> stderr = new ArrayList<>();
    Thread out = drain(process.getInputStream(), line -> output.accept(new OutputLine(line, false)));
    Thread err = drain(process.getErrorStream(), line -> {
      synchronized (stderr) {
        stderr.add(line);
      }
      output.accept(new OutputLine(line, true));
    });
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new ExecTimeoutException("exec did not finish within " + timeout.toSeconds() + " s",
          null);
    }
    out.join();
    err.join();
    synchronized (stderr) {
      return new ExecResult(process.exitValue(), String.join("\n", stderr));
    }
  }

  private static Thread drain(InputStream in, Consumer<String> lines) {
    Thread thread = new Thread(() -> {
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.accept(line);
        }
      } catch (IOException e) {
        lines.accept("[reading failed: " + e + "]");
      }
    }, "local-exec-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * The processes of this machine, not zombies, whose command line holds {@code text}: what is
   * left of a step.
   */
  static List<Long> liveProcessesWith(String text) throws IOException {
    List<Long> found = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : (Iterable<Path>) procs::iterator) {
        if (!proc.getFileName().toString().matches("[0-9]+")) {
          continue;
        }
        try {
          String cmdline = Files.readString(proc.resolve("cmdline"), StandardCharsets.ISO_8859_1)
              .replace('\0', ' ');
          String stat = Files.readString(proc.resolve("stat"));
          String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
          if (cmdline.contains(text) && !state.equals("Z")) {
            found.add(Long.parseLong(proc.getFileName().toString()));
          }
        } catch (IOException gone) {
          // ended while looked at
        }
      }
    }
    return found;
  }

  @Override
  public void rollOut(String image, Duration timeout, Consumer<String> progress) {
    throw new UnsupportedOperationException("no rollouts here");
  }

  /** Kills whatever a test left running. */
  @Override
  public void close() {
    synchronized (started) {
      started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
      started.forEach(Process::destroyForcibly);
    }
  }
}
