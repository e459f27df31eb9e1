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

  @Override
  void close();

  /** Writes a command's standard input. */
  @FunctionalInterface
  interface StdinWriter {
    void write(OutputStream stdin) throws IOException;
  }

  /** A line a command printed. */
  record OutputLine(String text, boolean stderr) {}
}
