package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A container of a JVM image without a shell, on this machine: {@code sh} cannot be started
 * (runc's exit 127 and words), or, with {@code tar} missing only, the copy script's
 * {@link ContainerUpdater#NO_TAR_EXIT}; {@code java} runs as a real process, the receiver jar of
 * the dev image being this build's supervisor classes, or, without the dev image, missing as
 * {@code java} says it.
 */
public final class ShelllessCluster implements Cluster {

  public static final ContainerRef CONTAINER =
      new ContainerRef("default", "app-1", "app", "c://distroless");
  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();

  private final boolean shWithoutTar;
  private final boolean receiver;
  /** The argument vector of every exec, in order. */
  public final List<List<String>> execs = new CopyOnWriteArrayList<>();

  /**
   * @param shWithoutTar a shell without {@code tar} rather than no shell
   * @param receiver     whether the dev image's receiver is there
   */
  public ShelllessCluster(boolean shWithoutTar, boolean receiver) {
    this.shWithoutTar = shWithoutTar;
    this.receiver = receiver;
  }

  @Override
  public List<ContainerRef> runningContainers() {
    return List.of(CONTAINER);
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException {
    execs.add(command);
    if (command.get(0).equals("sh")) {
      if (shWithoutTar && command.contains(ContainerUpdater.COPY_SCRIPT)) {
        output.accept(new OutputLine("no tar in the PATH", true));
        return new ExecResult(ContainerUpdater.NO_TAR_EXIT, "no tar in the PATH");
      }
      return shWithoutTar ? new ExecResult(1, "sh: find: not found")
          : new ExecResult(127, "exec failed: unable to start container process: exec: \"sh\":"
          + " executable file not found in $PATH");
    }
    if (!command.get(0).equals("java") || !command.contains(Transport.JAR)) {
      throw new AssertionError("unexpected exec " + command);
    }
    if (!receiver) {
      String main = command.get(command.indexOf(Transport.JAR) + 1);
      return new ExecResult(1, "Error: Could not find or load main class " + main
          + "\nCaused by: java.lang.ClassNotFoundException: " + main);
    }
    List<String> argv = new ArrayList<>(command);
    argv.set(0, JAVA);
    argv.set(argv.indexOf(Transport.JAR), supervisorClasses());
    return run(argv, stdin, output, timeout);
  }

  private static ExecResult run(List<String> argv, StdinWriter stdin, Consumer<OutputLine> output,
      Duration timeout) throws ClusterException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      throw new ClusterException("cannot start " + argv, e);
    }
    List<String> stderr = new CopyOnWriteArrayList<>();
    Thread out = drain(process.getInputStream(), line -> output.accept(new OutputLine(line, false)));
    Thread err = drain(process.getErrorStream(), line -> {
      stderr.add(line);
      output.accept(new OutputLine(line, true));
    });
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        stdin.write(in);
      }
    } catch (IOException e) {
      // the process stopped reading: its exit says why
    }
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      process.destroyForcibly();
      throw new ClusterException("exec did not finish within " + timeout.toSeconds() + " s");
    }
    out.join();
    err.join();
    return new ExecResult(process.exitValue(), String.join("\n", stderr));
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
    }, "shellless-exec-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static String supervisorClasses() {
    try {
      return Path.of(dev.liveupdate.supervisor.Receive.class.getProtectionDomain().getCodeSource()
          .getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void rollOut(String image, Duration timeout, Consumer<String> progress) {
    throw new UnsupportedOperationException("no rollouts here");
  }

  @Override
  public void close() {}
}
