package dev.liveupdate.kube;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** The part of a Kubernetes cluster the live-update engine needs: find containers, exec in them. */
public interface Cluster extends AutoCloseable {

  /** Every running target container, one per running pod of the workload. */
  List<ContainerRef> runningContainers() throws ClusterException;

  /**
   * The target containers the last {@link #runningContainers()} found not running and not about
   * to (CrashLoopBackOff, image pull errors, terminated), each described with why: a live update
   * cannot reach them, a rebuild may mend them.
   */
  default List<String> stuckContainers() {
    return List.of();
  }

  /**
   * When the last {@link #runningContainers()} found none, what a caller waits for, in the
   * user's words: {@code deployment/api in namespace default has 0 replicas: waiting for it to be
   * scaled up (…)}, {@code pod api-1 … is Pending (ContainerCreating): waiting for …}.
   */
  default String noneRunning() {
    return "no running container: waiting for one";
  }

  /**
   * Runs {@code command} (an argument vector, never a shell string) in the container.
   *
   * @param stdin   writes the command's standard input and returns; null for no stdin. The
   *                stream is closed after it returns, which is the command's end of input.
   * @param output  receives each line the command prints, stdout and stderr alike
   * @param timeout the longest the command may take before it is abandoned
   * @throws ExecTimeoutException if it took longer: the exec is abandoned, the command may still
   *     run
   */
  ExecResult exec(ContainerRef container, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException;

  /**
   * Sets the target Deployment's container image and waits for the rollout to finish, reporting
   * progress lines; fails when it cannot (a new pod that cannot start, a timeout).
   */
  void rollOut(String image, Duration timeout, Consumer<String> progress)
      throws ClusterException, InterruptedException;

  /**
   * A count that moves on whenever the target's pods change (one added, restarted, deleted), as a
   * watch on them reports; empty while no watch is connected, in which case the caller polls
   * {@link #runningContainers()}.
   */
  default java.util.OptionalLong podChanges() {
    return java.util.OptionalLong.empty();
  }

  /**
   * Starts watching the target's pods in the background, so that {@link #podChanges()} tells when
   * to look instead of the caller polling; idempotent. A cluster that cannot watch does nothing.
   *
   * @param failures told of each failure the watch recovers from by itself (it then lists again
   *                 and the caller polls meanwhile), with its cause
   */
  default void watchPods(java.util.function.BiConsumer<String, Throwable> failures) {}

  /**
   * Streams the log of the target container of every target pod into {@code lines} in the
   * background, following restarts and new pods, until the returned handle is closed. A cluster
   * without logs streams nothing.
   *
   * @param failures told of each failure the streams recover from by themselves, with its cause
   */
  default Stoppable followLogs(LogLines lines, java.util.function.BiConsumer<String, Throwable> failures) {
    return Stoppable.NONE;
  }

  /**
   * Binds each local port of {@code forwards} on 127.0.0.1 and forwards its connections to a Ready
   * target pod, until the returned handle is closed; {@code announce} is told the pod of each port
   * at first and whenever it moves.
   *
   * @throws PermanentClusterException if a local port cannot be bound, naming it
   */
  default Stoppable forwardPorts(List<dev.liveupdate.config.PortForward> forwards,
      Forwarding announce, java.util.function.BiConsumer<String, Throwable> failures)
      throws ClusterException {
    return Stoppable.NONE;
  }

  @Override
  void close();

  /** A line of a target container's log. */
  @FunctionalInterface
  interface LogLines {
    void line(String pod, String container, String text);
  }

  /** A local port forwards to this pod and port now; {@code moved} when it forwarded elsewhere. */
  @FunctionalInterface
  interface Forwarding {
    void forwarding(dev.liveupdate.config.PortForward forward, String pod, int remotePort,
        boolean moved);
  }

  /** Writes a command's standard input. */
  @FunctionalInterface
  interface StdinWriter {
    void write(OutputStream stdin) throws IOException;
  }

  /** A line a command printed. */
  record OutputLine(String text, boolean stderr) {}
}
