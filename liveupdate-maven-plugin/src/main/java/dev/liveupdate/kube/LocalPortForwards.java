package dev.liveupdate.kube;

import dev.liveupdate.config.PortForward;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * {@code <portForwards>}: each local port is bound on 127.0.0.1 at start (a port in use ends the
 * start-up, naming it) and forwards every connection to a Ready pod of the target through the
 * official client's {@code PortForward} (the API's port-forward WebSocket), one forward per
 * connection as {@code kubectl port-forward} makes one stream per connection. The pod is kept
 * while it is Ready; when it goes away, the next connection goes to another Ready pod, and the move
 * is announced. The pods are looked at again when the pod watch reports a change, and before a
 * connection when the chosen pod may be gone.
 */
final class LocalPortForwards implements Stoppable {

  private static final long WAIT_FOR_POD_MILLIS = 30_000;
  private static final long TICK_MILLIS = 250;

  private final ApiClient client;
  private final String namespace;
  private final TargetPods pods;
  private final Cluster.Forwarding announce;
  private final BiConsumer<String, Throwable> failures;
  private final List<Listener> listeners = new ArrayList<>();
  private final ExecutorService pool;
  private final Thread chooser;
  private final java.util.Set<String> said = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private LocalPortForwards(ApiClient client, String namespace, TargetPods pods,
      Cluster.Forwarding announce, BiConsumer<String, Throwable> failures) {
    this.client = client;
    this.namespace = namespace;
    this.pods = pods;
    this.announce = announce;
    this.failures = failures;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "liveupdate-forward-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    this.chooser = new Thread(this::choose, "liveupdate-forward-pods");
    chooser.setDaemon(true);
  }

  /**
   * Binds every local port, then forwards them.
   *
   * @throws PermanentClusterException if a local port cannot be bound (in use), naming it and its
   *                                    element; no port stays bound then
   */
  static LocalPortForwards start(ApiClient client, String namespace, TargetPods pods,
      List<PortForward> forwards, Cluster.Forwarding announce, BiConsumer<String, Throwable> failures)
      throws PermanentClusterException {
    LocalPortForwards all = new LocalPortForwards(client, namespace, pods, announce, failures);
    for (int i = 0; i < forwards.size(); i++) {
      PortForward forward = forwards.get(i);
      try {
        ServerSocket server = new ServerSocket();
        try {
          server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), forward.local()));
        } catch (IOException e) {
          server.close();
          throw e;
        }
        all.listeners.add(new Listener(all, forward, server));
      } catch (IOException e) {
        all.close();
        throw new PermanentClusterException("<liveUpdate><portForwards><portForward>[" + (i + 1)
            + "] " + forward.spec() + ": local port " + forward.local() + " on 127.0.0.1 "
            + (e instanceof BindException ? "is in use by another process" : "cannot be bound")
            + " (" + e.getMessage() + "); stop what listens there or forward another local port",
            e);
      }
    }
    all.chooser.start();
    all.listeners.forEach(listener -> all.pool.execute(listener::accept));
    return all;
  }

  /** Picks a Ready pod for each port at start and whenever the pods change. */
  private void choose() {
    long seen = Long.MIN_VALUE;
    while (!closed) {
      OptionalLong changes = pods.changes();
      boolean someNone = listeners.stream().anyMatch(l -> l.pod == null);
      if (someNone || changes.isEmpty() || changes.getAsLong() != seen) {
        seen = changes.orElse(seen);
        refresh();
      }
      try {
        Thread.sleep(someNone || changes.isEmpty() ? 1_000 : TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Keeps each port's pod while it is Ready, else moves it to another Ready pod. */
  private synchronized void refresh() {
    List<V1Pod> ready;
    try {
      ready = pods.list().stream().filter(TargetPods::ready).toList();
    } catch (ClusterException | RuntimeException e) {
      failures.accept("listing the pods to forward ports to failed; tried again", e);
      return;
    }
    for (Listener listener : listeners) {
      Optional<V1Pod> same = ready.stream()
          .filter(p -> p.getMetadata().getName().equals(listener.pod)).findFirst();
      if (same.isPresent() || ready.isEmpty()) {
        if (ready.isEmpty()) {
          listener.pod = null;
        }
        continue;
      }
      V1Pod pod = ready.get(0);
      try {
        int port = remotePort(listener.forward, pod);
        boolean moved = listener.announced;
        listener.pod = pod.getMetadata().getName();
        listener.port = port;
        listener.announced = true;
        announce.forwarding(listener.forward, listener.pod, port, moved);
      } catch (ClusterException e) {
        if (said.add(e.getMessage())) { // a port name the container lacks: said once
          failures.accept(e.getMessage(), e);
        }
      }
    }
  }

  /** The pod's port of a forward: its number, or the target container's port of that name. */
  private int remotePort(PortForward forward, V1Pod pod) throws ClusterException {
    if (forward.remote().isPresent()) {
      return forward.remote().getAsInt();
    }
    String container = pods.container(pod);
    String name = forward.remoteName().orElseThrow();
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals(container))
        .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.empty() : c.getPorts().stream())
        .filter(p -> name.equals(p.getName())).map(p -> p.getContainerPort()).findFirst()
        .orElseThrow(() -> new PermanentClusterException(
            "<liveUpdate><portForwards><portForward> " + forward.spec() + ": container "
            + container + " of pod " + pod.getMetadata().getName() + " has no port named '"
            + name + "'; name one of its containerPorts, or give the port's number"));
  }

  /** The pod and port a new connection of {@code listener} goes to, waiting a while for one. */
  Optional<String[]> target(Listener listener) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_FOR_POD_MILLIS);
    while (!closed && System.nanoTime() < deadline) {
      String pod = listener.pod;
      if (pod != null) {
        return Optional.of(new String[] {pod, Integer.toString(listener.port)});
      }
      Thread.sleep(TICK_MILLIS);
    }
    return Optional.empty();
  }

  /** A connection failed in a way that says the pod may be gone: look at the pods now. */
  void podMayBeGone() {
    if (!closed) {
      pool.execute(this::refresh);
    }
  }

  ApiClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  ExecutorService pool() {
    return pool;
  }

  boolean closed() {
    return closed;
  }

  BiConsumer<String, Throwable> failures() {
    return failures;
  }

  @Override
  public void close() {
    closed = true;
    chooser.interrupt();
    listeners.forEach(Listener::close);
    pool.shutdownNow();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One local port: its server socket and the connections it accepted. */
  static final class Listener {
    final LocalPortForwards owner;
    final PortForward forward;
    final ServerSocket server;
    final List<Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile String pod;
    volatile int port;
    volatile boolean announced;

    Listener(LocalPortForwards owner, PortForward forward, ServerSocket server) {
      this.owner = owner;
      this.forward = forward;
      this.server = server;
    }

    void accept() {
      while (!owner.closed()) {
        try {
          Socket socket = server.accept();
          socket.setTcpNoDelay(true);
          open.add(socket);
          owner.pool().execute(() -> new ForwardedConnection(owner, this, socket).run());
        } catch (IOException e) {
          if (!owner.closed()) {
            owner.failures().accept("accepting on local port " + forward.local() + " failed", e);
          }
          return;
        }
      }
    }

    void close() {
      try {
        server.close();
      } catch (IOException e) {
        owner.failures().accept("closing local port " + forward.local() + " failed", e);
      }
      for (Socket socket : open) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing on the way out: nothing to tell
        }
      }
    }
  }
}
