package dev.liveupdate.kube;

import dev.liveupdate.kube.Cluster.OutputLine;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1Status;
import io.kubernetes.client.openapi.models.V1StatusCause;
import io.kubernetes.client.util.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import okhttp3.WebSocket;
import okio.ByteString;

/**
 * The client end of one exec's WebSocket, on the official client's {@link WebSockets} transport:
 * the {@code channel.k8s.io} framing read from its sources (first byte: 0 stdin, 1 stdout,
 * 2 stderr, 3 status; {@code [255, 0]} closes stdin under v5). Unlike the client's {@code Exec},
 * a refused upgrade fails both futures instead of leaving writers waiting, and output is split
 * into lines as frames arrive, with no pipes in between, each line at most
 * {@link LineSplitter#MAX_LINE_BYTES} long (a longer one is cut, saying how much).
 */
final class ExecStream implements WebSockets.SocketListener {

  static final String V5 = "v5.channel.k8s.io";
  private static final int STDERR_TAIL_LINES = 20;
  private static final long MAX_QUEUED_BYTES = 8L * 1024 * 1024;

  final CompletableFuture<WebSocket> opened = new CompletableFuture<>();
  final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final JSON json;
  private final LineSplitter stdout;
  private final LineSplitter stderr;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private volatile String protocol = "";
  private volatile String failureStatus;

  ExecStream(JSON json, Consumer<OutputLine> output) {
    this.json = json;
    this.stdout = new LineSplitter(line -> output.accept(new OutputLine(line, false)));
    this.stderr = new LineSplitter(line -> {
      synchronized (stderrTail) {
        stderrTail.addLast(line);
        if (stderrTail.size() > STDERR_TAIL_LINES) {
          stderrTail.removeFirst();
        }
      }
      output.accept(new OutputLine(line, true));
    });
  }

  @Override
  public void open(String protocol, WebSocket socket) {
    this.protocol = protocol;
    opened.complete(socket);
  }

  @Override
  public void bytesMessage(InputStream in) {
    try {
      byte[] frame = in.readAllBytes();
      if (frame.length == 0) {
        return;
      }
      switch (frame[0]) {
        case 1 -> stdout.feed(frame, 1);
        case 2 -> stderr.feed(frame, 1);
        case 3 -> exit.complete(exitCode(new String(frame, 1, frame.length - 1,
            StandardCharsets.UTF_8)));
        default -> { } // resize echoes and unknown channels carry nothing for us
      }
    } catch (IOException e) {
      exit.completeExceptionally(e);
    }
  }

  @Override
  public void textMessage(Reader in) {
    // the binary protocols never send text frames
  }

  @Override
  public void failure(Throwable t) {
    opened.completeExceptionally(t);
    exit.completeExceptionally(t);
  }

  @Override
  public void close() {
    stdout.finish();
    stderr.finish();
    IOException noStatus = new IOException("the exec stream closed without an exit status");
    opened.completeExceptionally(noStatus);
    exit.completeExceptionally(noStatus);
  }

  /**
   * The message of a failure status that carried no exit code (the kubelet's InternalError when
   * the command could not start: {@code executable file not found in $PATH}).
   */
  java.util.Optional<String> failureStatus() {
    return java.util.Optional.ofNullable(failureStatus);
  }

  String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /** The command's stdin: frames of up to 64 KiB; closing it is the command's end of input. */
  OutputStream stdin(WebSocket socket) {
    return new java.io.BufferedOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        byte[] frame = new byte[len + 1];
        System.arraycopy(b, off, frame, 1, len);
        while (socket.queueSize() > MAX_QUEUED_BYTES) {
          if (exit.isDone()) {
            throw new IOException("the command ended before reading all of its input");
          }
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stdin interrupted");
          }
        }
        if (!socket.send(ByteString.of(frame))) {
          throw new IOException("the exec stream is closed");
        }
      }

      @Override
      public void close() {
        if (V5.equals(protocol)) {
          socket.send(ByteString.of((byte) 255, (byte) 0));
        }
      }
    }, 64 * 1024);
  }

  /** The kubelet's status: Success is 0, NonZeroExitCode carries the code; anything else -1. */
  private int exitCode(String body) {
    V1Status status = json.deserialize(body, V1Status.class);
    if (status == null) {
      return -1;
    }
    if ("Success".equals(status.getStatus())) {
      return 0;
    }
    failureStatus = status.getMessage() != null ? status.getMessage() : status.getReason();
    if ("NonZeroExitCode".equals(status.getReason()) && status.getDetails() != null
        && status.getDetails().getCauses() != null) {
      for (V1StatusCause cause : status.getDetails().getCauses()) {
        if ("ExitCode".equals(cause.getReason())) {
          try {
            return Integer.parseInt(cause.getMessage());
          } catch (NumberFormatException e) {
            return -1;
          }
        }
      }
    }
    return -1;
  }
}
