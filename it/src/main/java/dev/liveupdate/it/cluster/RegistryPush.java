package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes an OCI image made of ready gzipped layers straight to the local registry over the
 * distribution API (blob uploads, then the manifest), with no podman import or push: a layer is
 * compressed once, cached, and uploaded to each new registry in well under a second.
 */
final class RegistryPush {
  private static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
  private static final String CONFIG_TYPE = "application/vnd.oci.image.config.v1+json";
  private static final String LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /**
   * A compressed layer and its digests.
   *
   * @param file the gzipped tar
   * @param digest {@code sha256:...} of the gzipped bytes (the blob)
   * @param size the gzipped size in bytes
   * @param diffId {@code sha256:...} of the uncompressed tar (the config's rootfs.diff_ids)
   */
  record Layer(Path file, String digest, long size, String diffId) {}

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final String registry;

  /** @param registry {@code 127.0.0.1:PORT} of a registry served over plain HTTP */
  RegistryPush(String registry) {
    this.registry = registry;
  }

  /** Gzips {@code tar} into {@code gzipped} and returns the layer with both digests. */
  static Layer compress(Path tar, Path gzipped) throws IOException {
    MessageDigest uncompressed = sha256();
    MessageDigest compressed = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(tar), uncompressed);
        OutputStream file = Files.newOutputStream(gzipped);
        OutputStream out = new GZIPOutputStream(new DigestOutputStream(file, compressed), 1 << 16)) {
      in.transferTo(out);
    }
    return new Layer(gzipped, hex(compressed), Files.size(gzipped), hex(uncompressed));
  }

  /**
   * Uploads the layers (those the repository has are skipped), a config with {@code config} as its
   * runtime configuration (Env, Cmd, WorkingDir...), and a manifest tagged {@code tag}; returns
   * {@code registry/repository:tag}.
   */
  String push(String repository, String tag, List<Layer> layers, ObjectNode config) {
    String reference = registry + "/" + repository + ":" + tag;
    try {
      ObjectNode image = Json.object();
      image.put("created", "1970-01-01T00:00:00Z");
      image.put("architecture", architecture());
      image.put("os", "linux");
      image.set("config", config);
      ObjectNode rootfs = image.putObject("rootfs");
      rootfs.put("type", "layers");
      ArrayNode diffIds = rootfs.putArray("diff_ids");
      layers.forEach(layer -> diffIds.add(layer.diffId()));
      byte[] configBytes = Json.bytes(image);
      String configDigest = hex(sha256().digest(configBytes));
      uploadBlob(repository, configDigest, HttpRequest.BodyPublishers.ofByteArray(configBytes));
      for (Layer layer : layers) {
        uploadBlob(repository, layer.digest(), HttpRequest.BodyPublishers.ofFile(layer.file()));
      }

      ObjectNode manifest = Json.object();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MANIFEST_TYPE);
      manifest.putObject("config").put("mediaType", CONFIG_TYPE).put("digest", configDigest)
          .put("size", configBytes.length);
      ArrayNode layerArray = manifest.putArray("layers");
      for (Layer layer : layers) {
        layerArray.addObject().put("mediaType", LAYER_TYPE).put("digest", layer.digest()).put("size", layer.size());
      }
      HttpResponse<String> put = send(HttpRequest.newBuilder(url("/v2/" + repository + "/manifests/" + tag))
          .header("Content-Type", MANIFEST_TYPE)
          .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(manifest))));
      expect(put, 201, "PUT manifest of " + reference);
      return reference;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot push " + reference, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while pushing " + reference, e);
    }
  }

  private void uploadBlob(String repository, String digest, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    HttpResponse<String> head = send(HttpRequest.newBuilder(url("/v2/" + repository + "/blobs/" + digest))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (head.statusCode() == 200) {
      return;
    }
    HttpResponse<String> start = send(HttpRequest.newBuilder(url("/v2/" + repository + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    expect(start, 202, "POST blob upload to " + repository);
    String location = start.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("the registry started an upload without a Location"));
    URI target = url("/").resolve(location);
    String separator = target.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(target + separator + "digest=" + digest))
        .header("Content-Type", "application/octet-stream")
        .PUT(body));
    expect(put, 201, "PUT blob " + digest + " to " + repository);
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return http.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI url(String path) {
    return URI.create("http://" + registry + path);
  }

  private static void expect(HttpResponse<String> response, int code, String what) {
    if (response.statusCode() != code) {
      throw new IllegalStateException(what + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** The OCI architecture of this machine (the images hold its own binaries). */
  static String architecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  private static String hex(MessageDigest digest) {
    return hex(digest.digest());
  }

  private static String hex(byte[] digest) {
    return "sha256:" + HexFormat.of().formatHex(digest);
  }
}
