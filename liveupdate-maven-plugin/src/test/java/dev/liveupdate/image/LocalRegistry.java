package dev.liveupdate.image;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real OCI registry for tests: Debian's {@code docker-registry} (distribution 2.8) serving from a
 * temporary directory on {@code 127.0.0.1} and a free port. Missing binary: the test fails with the
 * install command, it is never skipped.
 */
final class LocalRegistry implements AutoCloseable {

  static final String INSTALL = "apt-get install -y docker-registry";

  private static final String MANIFEST_TYPES = String.join(", ",
      "application/vnd.docker.distribution.manifest.v2+json",
      "application/vnd.oci.image.manifest.v1+json");
  private static final Duration STARTUP = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String address;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private LocalRegistry(Process process, String address, Path log) {
    this.process = process;
    this.address = address;
    this.log = log;
  }

  /** Starts a registry storing under {@code dir} and waits until it answers {@code GET /v2/}. */
  static LocalRegistry start(Path dir) throws Exception {
    Path binary = binary().orElseGet(() -> fail("docker-registry is not installed (it serves the"
        + " images these tests push); install it with: " + INSTALL));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String address = "127.0.0.1:" + port;
    Path config = dir.resolve("registry.yml");
    Files.writeString(config, String.join("\n",
        "version: 0.1",
        "log:",
        "  level: warn",
        "  accesslog:",
        "    disabled: true",
        "storage:",
        "  filesystem:",
        "    rootdirectory: " + dir.resolve("storage"),
        "http:",
        "  addr: " + address,
        ""));
    Path log = dir.resolve("registry.log");
    Process process = new ProcessBuilder(binary.toString(), "serve", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    LocalRegistry registry = new LocalRegistry(process, address, log);
    try {
      registry.awaitReady();
    } catch (Exception | AssertionError e) {
      registry.close();
      throw e;
    }
    return registry;
  }

  /** {@code 127.0.0.1:port}, the registry part of image references. */
  String address() {
    return address;
  }

  /** The manifest of {@code repository} at a tag or digest, asking for Docker v2.2 or OCI. */
  JsonNode manifest(String repository, String reference) throws Exception {
    return JSON.readTree(get("/v2/" + repository + "/manifests/" + reference, MANIFEST_TYPES));
  }

  /** The image configuration a manifest points to. */
  JsonNode config(String repository, JsonNode manifest) throws Exception {
    return JSON.readTree(blob(repository, manifest.path("config").path("digest").asText()));
  }

  byte[] blob(String repository, String digest) throws Exception {
    return get("/v2/" + repository + "/blobs/" + digest, "*/*");
  }

  private byte[] get(String path, String accept) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + address + path))
        .header("Accept", accept)
        .timeout(Duration.ofSeconds(10))
        .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      fail("GET " + path + " answered " + response.statusCode() + ": "
          + new String(response.body()));
    }
    return response.body();
  }

  /** Polls {@code GET /v2/} until it answers, the process dies, or {@link #STARTUP} passes. */
  private void awaitReady() throws Exception {
    HttpRequest ping = HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
        .timeout(Duration.ofSeconds(2)).build();
    try {
      await("docker-registry answering on " + address).atMost(STARTUP)
          .pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
              return true; // no use waiting: said below
            }
            try {
              return http.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (ConnectException notYet) {
              return false;
            }
          });
    } catch (ConditionTimeoutException e) {
      fail("docker-registry did not answer on " + address + " within " + STARTUP + ": "
          + Files.readString(log), e);
    }
    if (!process.isAlive()) {
      fail("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log));
    }
  }

  private static Optional<Path> binary() {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "docker-registry"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Stops the registry and waits for it to exit. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** The registry's own log, for failure messages. */
  String log() throws IOException {
    return Files.readString(log);
  }
}
