package dev.liveupdate.kube;

import io.kubernetes.client.PortForward;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;

/**
 * One local connection of a port-forward: a port-forward WebSocket to the pod (client-java's
 * {@link PortForward}) and two pumps, local to pod and pod to local. Either side ending ends
 * both.
 */
final class ForwardedConnection {

  private final LocalPortForwards owner;
  private final LocalPortForwards.Listener listener;
  private final Socket socket;
  private volatile PortForward.PortForwardResult result;

  ForwardedConnection(LocalPortForwards owner, LocalPortForwards.Listener listener,
      Socket socket) {
    this.owner = owner;
    this.listener = listener;
    this.socket = socket;
  }

  void run() {
    try {
      Optional<String[]> target = owner.target(listener);
      if (target.isEmpty()) {
        owner.failures().accept("local port " + listener.forward.local() + ": no Ready pod of "
            + "the target to forward a connection to; it was closed", null);
        return;
      }
      String pod = target.get()[0];
      int port = Integer.parseInt(target.get()[1]);
      try {
        result = new PortForward(owner.client()).forward(owner.namespace(), pod, List.of(port));
      } catch (ApiException | IOException e) {
        owner.podMayBeGone();
        owner.failures().accept("forwarding a connection of local port "
            + listener.forward.local() + " to pod " + pod + " failed", e);
        return;
      }
      InputStream fromPod = result.getInputStream(port);
      OutputStream toPod = result.getOutboundStream(port);
      InputStream fromLocal = socket.getInputStream();
      OutputStream toLocal = socket.getOutputStream();
      Future<?> upstream = owner.pool().submit(() -> pump(fromLocal, toPod));
      pump(fromPod, toLocal);
      upstream.cancel(true);
    } catch (IOException e) {
      owner.failures().accept("a connection of local port " + listener.forward.local()
          + " ended", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close();
    }
  }

  /** Copies until either end closes; then closes the local socket, which ends the other pump. */
  private void pump(InputStream in, OutputStream out) {
    byte[] buffer = new byte[16 * 1024];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed: the connection ends
    } finally {
      close();
    }
  }

  /** Closes both ends: a pump blocked on either wakes up. */
  private void close() {
    PortForward.PortForwardResult forward = result;
    if (forward != null) {
      forward.close();
    }
    listener.open.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed by the other pump
    }
  }
}
