package dev.liveupdate.kube;

import dev.liveupdate.kube.Cluster.OutputLine;
import dev.liveupdate.kube.Cluster.StdinWriter;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.util.WebSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import okhttp3.WebSocket;

/**
 * One exec in a container over the official client's WebSocket transport: stdin streamed and
 * closed (the command's end of input under {@code v5.channel.k8s.io}), output as lines, the exit
 * status from the status channel. Every wait is bounded; an abandoned exec's socket is cancelled,
 * which ends the session on the server.
 */
final class PodExec {

  private final ApiClient client;
  private final ClusterAddress address;

  PodExec(ApiClient client, ClusterAddress address) {
    // No read-timeout juggling: OkHttp clears the socket timeout once a WebSocket is upgraded,
    // so a run step may stay silent as long as it works; our own timeout applies instead.
    this.client = client;
    this.address = address;
  }

  ExecResult exec(ContainerRef target, List<String> command, StdinWriter stdin,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException, InterruptedException {
    ExecStream stream = new ExecStream(client.getJSON(), output);
    try {
      WebSockets.stream(path(target, command, stdin != null), "GET", client, stream);
    } catch (ApiException e) {
      throw ApiErrors.of(address, call(target), e);
    } catch (IOException e) {
      throw ApiErrors.ofUpgrade(address, call(target), e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    WebSocket socket = null;
    try {
      socket = stream.opened.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (stdin != null) {
        try (OutputStream in = stream.stdin(socket)) {
          stdin.write(in);
        } catch (IOException e) {
          // The command may have ended early (and said why on stderr); its status tells.
        }
      }
      int exit = stream.exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (exit < 0) {
        throw new ClusterException("exec in " + target.label() + " failed: "
            + stream.failureStatus().orElse("its status carries no exit code"));
      }
      return new ExecResult(exit, stream.stderrTail());
    } catch (ExecutionException e) {
      if (!stream.opened.isDone() || stream.opened.isCompletedExceptionally()) {
        throw ApiErrors.ofUpgrade(address, call(target), e.getCause());
      }
      throw new ClusterException("exec in " + target.label() + " failed: "
          + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new ExecTimeoutException("exec in " + target.label() + " did not finish within "
          + timeout.toSeconds() + " s: " + String.join(" ", command), e);
    } finally {
      if (socket != null && !stream.exit.isDone()) {
        socket.cancel();
      } else if (socket == null) {
        stream.opened.thenAccept(WebSocket::cancel);
      }
    }
  }

  private static ApiErrors.Call call(ContainerRef target) {
    return new ApiErrors.Call("create", "pods/exec", target.pod(), target.namespace());
  }

  private static String path(ContainerRef target, List<String> command, boolean stdin) {
    StringBuilder path = new StringBuilder("/api/v1/namespaces/").append(encode(target.namespace()))
        .append("/pods/").append(encode(target.pod())).append("/exec?stdin=").append(stdin)
        .append("&stdout=true&stderr=true&tty=false&container=")
        .append(encode(target.container()));
    for (String arg : command) {
      path.append("&command=").append(encode(arg));
    }
    return path.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
