package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry for the tests: Debian's {@code docker-registry serve} with its storage in a
 * work directory, listening on a free loopback port. podman pulls from it with
 * {@code --tls-verify=false}; jib pushes to it with insecure registries allowed.
 */
public final class LocalRegistry implements AutoCloseable {
  private final Path config;
  private final int port;
  private final Path logFile;
  private volatile Process process;

  private LocalRegistry(Path config, int port, Path logFile) {
    this.config = config;
    this.port = port;
    this.logFile = logFile;
  }

  /** Starts a registry storing its blobs under {@code dir/storage}; waits until it answers. */
  public static LocalRegistry start(Path dir, Duration timeout) {
    try {
      Files.createDirectories(dir.resolve("storage"));
      int port = FreePort.find();
      Path config = dir.resolve("config.yml");
      Files.writeString(
          config,
          String.join(
              "\n",
              "version: 0.1",
              "log:",
              "  level: warn",
              "storage:",
              "  filesystem:",
              "    rootdirectory: " + dir.resolve("storage").toAbsolutePath(),
              "  delete:",
              "    enabled: true",
              "http:",
              "  addr: 127.0.0.1:" + port,
              "  secret: liveupdate-test-registry",
              ""));
      Path log = dir.resolve("registry.log");
      Files.deleteIfExists(log);
      LocalRegistry registry = new LocalRegistry(config, port, log);
      registry.launch(timeout);
      return registry;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the registry in " + dir, e);
    }
  }

  /**
   * Stops the registry process, as a crash or {@code docker stop} would: the port refuses
   * connections, the storage stays. {@link #restart} brings it back.
   */
  public void stop() {
    Process running = process;
    if (running == null || !running.isAlive()) {
      throw new IllegalStateException("the registry on " + address() + " is not running");
    }
    close();
  }

  /** Starts the registry again after {@link #stop}: same port, same storage, same config. */
  public void restart(Duration timeout) {
    Process previous = process;
    if (previous != null && previous.isAlive()) {
      throw new IllegalStateException("the registry on " + address() + " is still running");
    }
    launch(timeout);
  }

  private void launch(Duration timeout) {
    try {
      process =
          new ProcessBuilder("docker-registry", "serve", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      awaitReady(timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start docker-registry; install it with: " + TestCluster.INSTALL_COMMAND, e);
    }
  }

  /** {@code 127.0.0.1:PORT}, the host part of every image reference pushed here. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The manifest digest of {@code 127.0.0.1:PORT/repository:tag}, read from the registry's
   * {@code Docker-Content-Digest} header.
   */
  public String digestOf(String reference) {
    String prefix = address() + "/";
    if (!reference.startsWith(prefix) || !reference.contains(":")) {
      throw new IllegalArgumentException(reference + " is not a tagged image of " + address());
    }
    String path = reference.substring(prefix.length());
    int colon = path.lastIndexOf(':');
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + address() + "/v2/"
          + path.substring(0, colon) + "/manifests/" + path.substring(colon + 1)).toURL().openConnection();
      connection.setRequestMethod("HEAD");
      connection.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json,"
          + " application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.index.v1+json,"
          + " application/vnd.docker.distribution.manifest.list.v2+json");
      int code = connection.getResponseCode();
      String digest = connection.getHeaderField("Docker-Content-Digest");
      connection.disconnect();
      if (code != 200 || digest == null) {
        throw new IllegalStateException("the registry has no manifest for " + reference + " (HTTP " + code + ")");
      }
      return digest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot ask the registry for " + reference, e);
    }
  }

  private void awaitReady(Duration timeout) throws IOException {
    Process process = this.process;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "docker-registry exited with " + process.exitValue() + ": " + Files.readString(logFile));
      }
      try {
        HttpURLConnection connection =
            (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL().openConnection();
        connection.setConnectTimeout(500);
        connection.setReadTimeout(1000);
        if (connection.getResponseCode() == 200) {
          connection.disconnect();
          return;
        }
        connection.disconnect();
      } catch (IOException notYet) {
        // not listening yet: poll again
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the registry", e);
      }
    }
    close();
    throw new IllegalStateException(
        "docker-registry did not answer on " + address() + " within " + timeout + "; log: "
            + Files.readString(logFile));
  }

  @Override
  public void close() {
    Process process = this.process;
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
