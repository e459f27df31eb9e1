package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * One port-forward WebSocket, framed as the kubelet frames it: port {@code i} of the request has
 * the data channel {@code 2i} (both ways) and the error channel {@code 2i+1} (server to client),
 * and the first frame on each is the port as 2 bytes little-endian. Each port gets one TCP
 * connection to the pod's IP; bytes flow both ways until either side closes. A connection the pod
 * refuses is reported as text on the error channel. When every port's connection has ended, the
 * WebSocket closes normally; when the client closes it, the pod connections are closed.
 *
 * <p>Public only because Jetty invokes WebSocket listeners reflectively; not an API.
 */
public final class PortForwardSession implements Session.Listener {
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final PodRuntime.Sandbox sandbox;
  private final List<Pair> pairs = new ArrayList<>();
  private final boolean binary;
  private final ExecutorService threads;
  private final Runnable onOpen;
  private final Runnable onEnd;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile Session session;

  /** One forwarded port: its channels and its connection to the pod. */
  private static final class Pair {
    final int port;
    final int dataChannel;
    final CountDownLatch connected = new CountDownLatch(1);
    final AtomicBoolean closed = new AtomicBoolean();
    volatile Socket socket;

    Pair(int index, int port) {
      this.port = port;
      this.dataChannel = 2 * index;
    }
  }

  PortForwardSession(PodRuntime.Sandbox sandbox, List<Integer> ports, boolean binary, ExecutorService threads,
      Runnable onOpen, Runnable onEnd) {
    this.sandbox = sandbox;
    this.binary = binary;
    this.threads = threads;
    this.onOpen = onOpen;
    this.onEnd = onEnd;
    for (int i = 0; i < ports.size(); i++) {
      pairs.add(new Pair(i, ports.get(i)));
    }
    open.set(pairs.size());
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
    onOpen.run();
    for (Pair pair : pairs) {
      byte[] port = {(byte) (pair.port & 0xff), (byte) (pair.port >>> 8)};
      send(pair.dataChannel, port, port.length);
      send(pair.dataChannel + 1, port, port.length);
    }
    for (Pair pair : pairs) {
      threads.execute(() -> forward(pair));
    }
    session.demand();
  }

  /** Connects to the pod and copies its bytes to the data channel until either side closes. */
  private void forward(Pair pair) {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(sandbox.ip(), pair.port), CONNECT_TIMEOUT_MILLIS);
      pair.socket = socket;
    } catch (IOException e) {
      pair.connected.countDown();
      String message = "error forwarding port " + pair.port + " to pod " + sandbox.id() + ", uid : failed to execute"
          + " portforward in network namespace \"" + sandbox.id() + "\": failed to connect to " + sandbox.ip() + ":"
          + pair.port + " inside namespace \"" + sandbox.id() + "\": " + e.getMessage();
      sendQuietly(pair.dataChannel + 1, message.getBytes(StandardCharsets.UTF_8));
      closePair(pair);
      return;
    }
    pair.connected.countDown();
    if (pair.closed.get()) {
      closeSocket(pair); // the client left while we connected
      return;
    }
    byte[] buffer = new byte[32 * 1024];
    try (InputStream in = socket.getInputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        if (read > 0) {
          send(pair.dataChannel, buffer, read);
        }
      }
    } catch (IOException | RuntimeException closed) {
      // the pod or the client went away
    }
    closePair(pair);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    byte[] frame = new byte[payload.remaining()];
    payload.get(frame);
    toPod(frame);
    callback.succeed();
    session.demand();
  }

  @Override
  public void onWebSocketText(String message) {
    if (binary) {
      toPod(message.getBytes(StandardCharsets.UTF_8));
    } else if (!message.isEmpty()) {
      byte[] data = Base64.getDecoder().decode(message.substring(1));
      byte[] frame = new byte[data.length + 1];
      frame[0] = (byte) (message.charAt(0) - '0');
      System.arraycopy(data, 0, frame, 1, data.length);
      toPod(frame);
    }
    session.demand();
  }

  /** A frame from the client: data channels go to their pod connection, anything else is dropped. */
  private void toPod(byte[] frame) {
    int channel = frame.length == 0 ? -1 : frame[0] & 0xff;
    if (channel < 0 || channel % 2 != 0 || channel / 2 >= pairs.size() || frame.length == 1) {
      return;
    }
    Pair pair = pairs.get(channel / 2);
    try {
      if (!pair.connected.await(CONNECT_TIMEOUT_MILLIS * 2L, TimeUnit.MILLISECONDS) || pair.socket == null
          || pair.closed.get()) {
        return;
      }
      OutputStream out = pair.socket.getOutputStream();
      out.write(frame, 1, frame.length - 1);
      out.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException podGone) {
      closePair(pair);
    }
  }

  private void closePair(Pair pair) {
    if (!pair.closed.compareAndSet(false, true)) {
      return;
    }
    closeSocket(pair);
    if (open.decrementAndGet() == 0 && session != null && session.isOpen()) {
      session.close(StatusCode.NORMAL, "", Callback.NOOP);
    }
  }

  private static void closeSocket(Pair pair) {
    Socket socket = pair.socket;
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }

  private void sendQuietly(int channel, byte[] data) {
    try {
      send(channel, data, data.length);
    } catch (RuntimeException socketGone) {
      // the client left first
    }
  }

  /** Sends one frame and waits for it to be written, so output stays in order and bounded. */
  private void send(int channel, byte[] data, int length) {
    Callback.Completable written = new Callback.Completable();
    if (binary) {
      ByteBuffer frame = ByteBuffer.allocate(length + 1);
      frame.put((byte) channel).put(data, 0, length).flip();
      session.sendBinary(frame, written);
    } else {
      session.sendText((char) ('0' + channel) + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(data,
          length)), written);
    }
    try {
      written.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot write to the port-forward WebSocket", e);
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

  private void end() {
    for (Pair pair : pairs) {
      pair.closed.set(true);
      closeSocket(pair);
    }
    if (ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }
}
