package dev.liveupdate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads images from the test registry through its HTTP API, as a container runtime does: the
 * manifest of a tag, the config blob, and the files of each layer.
 */
final class RegistryImages {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String registry;

  /** @param registry {@code 127.0.0.1:PORT} */
  RegistryImages(String registry) {
    this.registry = registry;
  }

  /** An image as pulled: its manifest, its config and its layers' digests. */
  record Image(JsonNode manifest, JsonNode config, List<String> layers) {

    /** {@code config.config.<field>}: Entrypoint, Cmd, Env, ExposedPorts, Labels, … */
    JsonNode field(String name) {
      return config.path("config").path(name);
    }

    List<String> strings(String name) {
      List<String> values = new ArrayList<>();
      field(name).forEach(node -> values.add(node.asText()));
      return values;
    }
  }

  Image image(String repository, String reference) throws IOException {
    JsonNode manifest = JSON.readTree(get(repository, "manifests/" + reference));
    JsonNode config = JSON.readTree(get(repository, "blobs/" + manifest.path("config").path("digest").asText()));
    List<String> layers = new ArrayList<>();
    manifest.path("layers").forEach(layer -> layers.add(layer.path("digest").asText()));
    return new Image(manifest, config, layers);
  }

  /** The regular files of a layer: path inside the image (no leading '/') to content. */
  Map<String, byte[]> files(String repository, String layerDigest) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
        new ByteArrayInputStream(get(repository, "blobs/" + layerDigest))))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile()) {
          files.put(entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""),
              tar.readAllBytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read layer " + layerDigest + " of " + repository, e);
    }
    return files;
  }

  /** Every file of every layer of {@code image}, later layers over earlier ones. */
  Map<String, byte[]> allFiles(String repository, Image image) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    image.layers().forEach(layer -> files.putAll(files(repository, layer)));
    return files;
  }

  private byte[] get(String repository, String path) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create("http://" + registry + "/v2/"
          + repository + "/" + path).toURL().openConnection();
      connection.setRequestProperty("Accept", "application/vnd.oci.image.manifest.v1+json, "
          + "application/vnd.docker.distribution.manifest.v2+json");
      int code = connection.getResponseCode();
      if (code != 200) {
        throw new IllegalStateException("GET /v2/" + repository + "/" + path + " answered " + code);
      }
      try (InputStream in = connection.getInputStream()) {
        return in.readAllBytes();
      } finally {
        connection.disconnect();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /v2/" + repository + "/" + path, e);
    }
  }
}
