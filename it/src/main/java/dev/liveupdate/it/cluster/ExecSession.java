package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One pod exec over WebSocket: runs {@code podman exec [-i] <container> argv...} (an argument list,
 * never a shell string), feeds channel 0 into its stdin, pumps stdout and stderr concurrently to
 * channels 1 and 2, then writes the exit status on channel 3 as the kubelet does and closes.
 *
 * <p>When the client closes the WebSocket first, the command's stdin is ended and the command runs
 * on to its end, its output read and dropped, as with the real API server and kubelet: the
 * kubelet's CRI runtime attaches stdin "once" (containerd's {@code execInternal} closes the
 * process's stdin when the stream ends) and keeps waiting for the process, which it kills only on
 * an exec timeout, which streaming execs do not have ("if the kubectl exec -it process is killed,
 * IO will be closed [and] the CRI plugin will still have a goroutine waiting for the exec process
 * to exit", containerd {@code container_execsync.go}; kubernetes/kubernetes#89031). Only the
 * double's own shutdown ends commands still running.
 *
 * <p>Public only because Jetty invokes WebSocket listeners reflectively; not an API.
 */
public final class ExecSession implements Session.Listener {
  private final String containerId;
  private final List<String> command;
  private final boolean stdin;
  private final boolean stdout;
  private final boolean stderr;
  private final ExecProtocol protocol;
  private final ExecutorService threads;
  private final Runnable onOpen;
  private final Runnable onEnd;
  private final Set<Process> running;
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Session session;
  private volatile Process process;
  private volatile OutputStream processStdin;

  /**
   * @param running the commands still running, this one added while it runs, so that the double
   *                can end them when it closes
   */
  ExecSession(String containerId, List<String> command, boolean stdin, boolean stdout, boolean stderr,
      ExecProtocol protocol, ExecutorService threads, Runnable onOpen, Runnable onEnd,
      Set<Process> running) {
    this.containerId = containerId;
    this.command = command;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.protocol = protocol;
    this.threads = threads;
    this.onOpen = onOpen;
    this.onEnd = onEnd;
    this.running = running;
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    onOpen.run();
    List<String> args = new ArrayList<>(List.of("exec"));
    if (stdin) {
      args.add("-i");
    }
    args.add(containerId);
    args.addAll(command);
    try {
      process = new ProcessBuilder(Podman.command(args)).start();
    } catch (IOException e) {
      sendStatus(internalError("cannot start podman exec: " + e.getMessage()));
      session.close(StatusCode.NORMAL, "", Callback.NOOP);
      return;
    }
    running.add(process);
    processStdin = process.getOutputStream();
    if (!stdin) {
      closeStdin();
    }
    // an empty frame on the lowest writable channel tells the client the streams are ready
    send(stdout ? ExecProtocol.STDOUT : stderr ? ExecProtocol.STDERR : ExecProtocol.ERROR, new byte[0], 0);
    CountDownLatch stderrDone = new CountDownLatch(1);
    threads.execute(() -> {
      pump(process.getErrorStream(), ExecProtocol.STDERR, stderr);
      stderrDone.countDown();
    });
    threads.execute(() -> {
      pump(process.getInputStream(), ExecProtocol.STDOUT, stdout);
      finish(stderrDone);
    });
    session.demand();
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] frame = new byte[payload.remaining()];
    payload.get(frame);
    handleFrame(frame);
    callback.succeed();
    session.demand();
  }

  @Override
  public void onWebSocketText(String message) {
    if (protocol.binary()) {
      // like the API server, take a text frame's bytes as a binary frame (python sends stdin so)
      handleFrame(message.getBytes(StandardCharsets.UTF_8));
    } else if (!message.isEmpty()) {
      byte[] data = Base64.getDecoder().decode(message.substring(1));
      byte[] frame = new byte[data.length + 1];
      frame[0] = (byte) (message.charAt(0) - '0');
      System.arraycopy(data, 0, frame, 1, data.length);
      handleFrame(frame);
    }
    session.demand();
  }

  private void handleFrame(byte[] frame) {
    if (frame.length == 0) {
      return;
    }
    int channel = frame[0] & 0xff;
    if (channel == ExecProtocol.STDIN && stdin) {
      try {
        processStdin.write(frame, 1, frame.length - 1);
        processStdin.flush();
      } catch (IOException processGone) {
        // the command no longer reads stdin (it exited or closed it): drop, like the kubelet
      }
    } else if (channel == ExecProtocol.CLOSE && protocol.closeSignal() && frame.length > 1
        && frame[1] == ExecProtocol.STDIN) {
      closeStdin();
    }
    // channel 4 (resize) has no meaning without a TTY
  }

  /**
   * Forwards one of the command's outputs until it ends; once the client is gone, reads on and
   * drops it, so the command never blocks on a full pipe.
   */
  private void pump(InputStream stream, int channel, boolean forward) {
    byte[] buffer = new byte[32 * 1024];
    boolean sending = forward;
    try (stream) {
      int read;
      while ((read = stream.read(buffer)) >= 0) {
        if (sending && read > 0) {
          try {
            send(channel, buffer, read);
          } catch (RuntimeException clientGone) {
            sending = false;
          }
        }
      }
    } catch (IOException e) {
      // the process went away; finish() reports what it can
    }
  }

  private void finish(CountDownLatch stderrDone) {
    try {
      stderrDone.await();
      int exitCode = process.waitFor();
      running.remove(process);
      if (session.isOpen()) {
        sendStatus(exitCode == 0 ? success() : nonZeroExit(exitCode));
        session.close(StatusCode.NORMAL, "", Callback.NOOP);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException socketGone) {
      session.disconnect();
    }
    // end() runs when Jetty reports the close (or the failure) of the WebSocket
  }

  private void sendStatus(ObjectNode status) {
    if (protocol.jsonStatus()) {
      send(ExecProtocol.ERROR, Json.bytes(status), -1);
    } else if (!"Success".equals(status.path("status").asText())) {
      send(ExecProtocol.ERROR, status.path("message").asText().getBytes(StandardCharsets.UTF_8), -1);
    }
  }

  /** Sends one frame and waits for it to be written, so output stays in order and bounded. */
  private void send(int channel, byte[] data, int length) {
    int n = length < 0 ? data.length : length;
    if (!session.isOpen()) {
      throw new IllegalStateException("the exec WebSocket is closed");
    }
    Callback.Completable written = new Callback.Completable();
    if (protocol.binary()) {
      ByteBuffer frame = ByteBuffer.allocate(n + 1);
      frame.put((byte) channel).put(data, 0, n).flip();
      session.sendBinary(frame, written);
    } else {
      byte[] slice = java.util.Arrays.copyOf(data, n);
      session.sendText((char) ('0' + channel) + Base64.getEncoder().encodeToString(slice), written);
    }
    try {
      written.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to the exec WebSocket", e);
    }
  }

  static ObjectNode success() {
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("status", "Success");
    return status;
  }

  /** What the kubelet writes for a non-zero exit: reason NonZeroExitCode, cause ExitCode. */
  ObjectNode nonZeroExit(int exitCode) {
    ObjectNode status = Json.object();
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", "command terminated with non-zero exit code: error executing command ["
        + String.join(" ", command) + "], exit code " + exitCode);
    status.put("reason", "NonZeroExitCode");
    ObjectNode cause = status.putObject("details").putArray("causes").addObject();
    cause.put("reason", "ExitCode");
    cause.put("message", Integer.toString(exitCode));
    return status;
  }

  private static ObjectNode internalError(String message) {
    ObjectNode status = new KubeApiException(500, "InternalError", message, null).status();
    status.remove("kind");
    status.remove("apiVersion");
    return status;
  }

  private void closeStdin() {
    OutputStream in = processStdin;
    if (in == null) {
      return;
    }
    try {
      in.close();
    } catch (IOException alreadyClosed) {
      // nothing left to close
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    end();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    end();
  }

  /**
   * Runs once, when the WebSocket closes: after the command finished and its status went out, or
   * when the client left first. Then, as the kubelet does, the command's stdin ends (every frame
   * received before the close was written to it) and the command runs on; nothing kills it.
   */
  private void end() {
    if (ended.compareAndSet(false, true)) {
      closeStdin();
      onEnd.run();
    }
  }
}
