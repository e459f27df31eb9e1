package dev.liveupdate.kube;

import dev.liveupdate.kube.Cluster.OutputLine;
import dev.liveupdate.kube.Cluster.StdinWriter;
import io.kubernetes.client.Exec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One exec through the official client's WebSocket {@link Exec}: stdin written through a buffer
 * (every write is a frame) and closed, which is the command's end of input under
 * {@code v5.channel.k8s.io}; stdout and stderr drained concurrently (the client hands them over
 * through small pipes); the exit status read from the status channel.
 */
final class PodExec {

  private static final int STDERR_TAIL_LINES = 20;

  private final ApiClient client;

  PodExec(ApiClient client) {
    // No read-timeout juggling: OkHttp clears the socket timeout once a WebSocket is upgraded,
    // so a run step may stay silent as long as it works; our own timeout applies instead.
    this.client = client;
  }

  ExecResult exec(ContainerRef target, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException {
    AtomicReference<Throwable> streamError = new AtomicReference<>();
    Process process;
    try {
      process = new Exec(client)
          .newExecutionBuilder(target.namespace(), target.pod(), command.toArray(String[]::new))
          .setContainer(target.container())
          .setStdin(stdin != null)
          .setTty(false)
          .setOnUnhandledError(streamError::set)
          .execute();
    } catch (ApiException e) {
      throw KubeCluster.failure("exec in " + target.label(), e);
    } catch (IOException e) {
      throw new ClusterException("cannot exec in " + target.label() + ": " + e.getMessage(), e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    Thread out = drain(process.getInputStream(), false, output, null, target);
    Thread err = drain(process.getErrorStream(), true, output, stderrTail, target);
    // stdin is written on its own thread: when the server refuses the upgrade, client-java 27
    // never opens the socket and its stdin stream waits for it forever (its close() fails with
    // a NullPointerException before it wakes writers), while the process does report the failure.
    Thread in = stdin == null ? null : start(() ->
        writeStdin(process.getOutputStream(), stdin, streamError), "stdin", target);
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ClusterException("exec in " + target.label() + " did not finish within "
            + timeout.toSeconds() + " s: " + String.join(" ", command));
      }
      out.join(2_000);
      err.join(2_000);
      int exit = process.exitValue();
      if (exit < 0) {
        Throwable cause = streamError.get();
        throw new ClusterException("exec in " + target.label() + " ended without an exit status"
            + (cause == null ? "" : ": " + cause.getMessage()), cause);
      }
      synchronized (stderrTail) {
        return new ExecResult(exit, String.join("\n", stderrTail));
      }
    } finally {
      destroy(process);
      out.interrupt();
      err.interrupt();
      if (in != null) {
        in.interrupt();
      }
    }
  }

  /** Closes the exec's socket; client-java 27 throws here when the socket never opened. */
  private static void destroy(Process process) {
    try {
      process.destroy();
    } catch (RuntimeException neverOpened) {
      // nothing to close: the upgrade was refused, which the exit status already reports
    }
  }

  private static void writeStdin(OutputStream raw, StdinWriter stdin,
      AtomicReference<Throwable> streamError) {
    try (OutputStream buffered = new BufferedOutputStream(raw, 64 * 1024)) {
      stdin.write(buffered);
    } catch (IOException | RuntimeException e) {
      // The command may have ended early (and said why on stderr), or the exec was refused or
      // abandoned; the exit status tells the rest.
      streamError.compareAndSet(null, e);
    }
  }

  private static Thread drain(InputStream in, boolean stderr, Consumer<OutputLine> output,
      Deque<String> tail, ContainerRef target) {
    return start(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          output.accept(new OutputLine(line, stderr));
          if (tail != null) {
            synchronized (tail) {
              tail.addLast(line);
              if (tail.size() > STDERR_TAIL_LINES) {
                tail.removeFirst();
              }
            }
          }
        }
      } catch (IOException closed) {
        // the exec ended: the client closed its pipes
      }
    }, stderr ? "stderr" : "stdout", target);
  }

  private static Thread start(Runnable task, String stream, ContainerRef target) {
    Thread thread = new Thread(task, "liveupdate-exec-" + stream + "-" + target.pod());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
