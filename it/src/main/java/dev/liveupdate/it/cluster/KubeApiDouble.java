package dev.liveupdate.it.cluster;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A Kubernetes API double for integration tests: https on 127.0.0.1, a bearer token, the
 * discovery, namespaces, pods (list/get/watch/delete, exec over WebSocket, logs), deployments and
 * replicasets the plugin needs, every pod container being a real podman container.
 *
 * <p>Test infrastructure only; it never ships in the plugin.
 */
public final class KubeApiDouble implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  private final String token;
  private final ObjectStore store = new ObjectStore();
  private final PodRuntime runtime;
  private final DeploymentController controller;
  private final GarbageCollector garbageCollector;
  private final RequestLog requests = new RequestLog();
  private final AtomicInteger openExecSessions = new AtomicInteger();
  private final AtomicInteger openPortForwards = new AtomicInteger();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicBoolean denyExec = new AtomicBoolean();
  private final ExecutorService execThreads = Executors.newCachedThreadPool(DaemonThreads.named("double-exec"));
  private final TlsIdentity identity = TlsIdentity.shared();
  private final Server server;
  private final int port;
  private final ExecEndpoint exec;

  private KubeApiDouble(int requestedPort, Duration restartBackoff) throws Exception {
    this.id = PodTemplates.randomSuffix(6);
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    this.token = HexFormat.of().formatHex(secret);
    KnownSecrets.register("the test double's bearer token", token);
    this.runtime = new PodRuntime(id, store, restartBackoff);
    this.controller = new DeploymentController(store, runtime);
    ServiceAddresses addresses = new ServiceAddresses();
    Deletions deletions = new Deletions(store, runtime, addresses);
    this.garbageCollector = new GarbageCollector(store, deletions);
    NamespaceDefaults defaults = new NamespaceDefaults(store, addresses, identity.certificatePem());
    defaults.createInitialNamespaces();
    ResourceApi resources = new ResourceApi(store, runtime, addresses, deletions, defaults);

    this.exec = new ExecEndpoint(store, runtime, execThreads, openExecSessions, denyExec::get);
    PortForwardEndpoint portForward = new PortForwardEndpoint(store, runtime, execThreads, openPortForwards);
    QueuedThreadPool threads = new QueuedThreadPool(200, 4);
    threads.setName("double-http");
    threads.setDaemon(true);
    server = new Server(threads);
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(identity.keyStore().toString());
    tls.setKeyStoreType("PKCS12");
    tls.setKeyStorePassword(identity.password());
    ServerConnector connector = new ServerConnector(server, 1, 1,
        new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(requestedPort);
    connector.setAcceptedTcpNoDelay(true);
    connector.setIdleTimeout(TimeUnit.HOURS.toMillis(1)); // watches may be quiet for long
    server.addConnector(connector);
    WebSocketUpgradeHandler upgrades = WebSocketUpgradeHandler.from(server, container -> {
      container.setIdleTimeout(Duration.ofHours(1));
      container.setMaxBinaryMessageSize(16 * 1024 * 1024);
      container.setMaxTextMessageSize(16 * 1024 * 1024);
      exec.setContainer(container);
      portForward.setContainer(container);
    });
    upgrades.setHandler(new ApiHandler(token, requests, new ApiHandler.Endpoints(resources, deletions,
        new ScaleSubresource(resources), new WatchStreamer(store), exec, portForward,
        new PodLogs(store, runtime, stopping::get))));
    server.setHandler(upgrades);
    try {
      server.start();
    } catch (Exception e) {
      closeQuietly();
      throw e;
    }
    this.port = connector.getLocalPort();
  }

  /** Starts a double on a free port with a 1 s base restart back-off. */
  public static KubeApiDouble start() {
    return start(0, Duration.ofSeconds(1));
  }

  /**
   * Starts a double.
   *
   * @param port the port to bind on 127.0.0.1, 0 for a free one
   * @param restartBackoff how long an exited container stays terminated before its first restart
   *     (doubling on each further restart, as the kubelet's CrashLoopBackOff)
   */
  public static KubeApiDouble start(int port, Duration restartBackoff) {
    try {
      return new KubeApiDouble(port, restartBackoff);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the Kubernetes API double", e);
    }
  }

  /** {@code https://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("https://127.0.0.1:" + port);
  }

  /** The PEM certificate clients must trust (the kubeconfig's certificate-authority-data). */
  public String certificatePem() {
    return identity.certificatePem();
  }

  public int port() {
    return port;
  }

  /** The bearer token every request must carry. */
  public String token() {
    return token;
  }

  /** The value of the {@code liveupdate.double} label on this double's podman containers. */
  public String id() {
    return id;
  }

  /** The requests received so far (the latest 50,000), oldest first: a snapshot. */
  public List<RecordedRequest> requests() {
    return requests.snapshot();
  }

  public void clearRequests() {
    requests.clear();
  }

  /** Exec WebSockets currently open. */
  public int openExecSessions() {
    return openExecSessions.get();
  }

  /**
   * Exec commands still running, whether or not their client is still connected: a client that
   * closes its exec WebSocket ends the command's stdin, not the command.
   */
  public int runningExecCommands() {
    return exec.runningCommands();
  }

  /**
   * Waits until no exec WebSocket is open (a client that has its exit status may not have seen
   * the close yet); returns false if some are still open after {@code timeout}.
   */
  public boolean awaitNoOpenExecSessions(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (openExecSessions.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Port-forward WebSockets currently open. */
  public int openPortForwards() {
    return openPortForwards.get();
  }

  /** Fault switch: while on, every exec is answered 403 Forbidden, as RBAC would. */
  public void denyExec(boolean deny) {
    denyExec.set(deny);
  }

  /** Re-reads every container's state from podman now (it is otherwise event-driven). */
  public void refreshPodStatuses() {
    runtime.refresh();
  }

  /** Writes a kubeconfig for this double: context {@code liveupdate-test}, namespace default. */
  public void writeKubeconfig(java.nio.file.Path file) {
    Kubeconfig.write(file, url(), identity.certificatePem(), token);
  }

  @Override
  public void close() {
    stopping.set(true);
    store.closeWatches();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the API double's server", e);
    } finally {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    stopping.set(true);
    garbageCollector.close();
    exec.close();
    controller.close();
    runtime.close();
    execThreads.shutdownNow();
  }
}
