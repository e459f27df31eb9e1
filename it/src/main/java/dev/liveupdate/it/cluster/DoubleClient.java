package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny REST client of the double, so the test facade goes through the same API as users. */
final class DoubleClient {
  static final String USER_AGENT = "liveupdate-test-cluster";

  private final HttpClient http;
  private final URI base;
  private final String token;

  DoubleClient(URI base, String certificatePem, String token) {
    this.base = base;
    this.token = token;
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(trusting(certificatePem))
        .build();
  }

  /** An SSLContext that trusts exactly the given PEM certificate. */
  static SSLContext trusting(String certificatePem) {
    try {
      Certificate certificate = CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(certificatePem.getBytes(StandardCharsets.US_ASCII)));
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("double", certificate);
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot trust the double's certificate", e);
    }
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  JsonNode post(String path, JsonNode body) {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))));
  }

  JsonNode patch(String path, String contentType, JsonNode body) {
    return send(request(path).header("Content-Type", contentType)
        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))));
  }

  JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  /** GET, with a 404 as empty. */
  java.util.Optional<JsonNode> find(String path) {
    HttpRequest request = request(path).GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return java.util.Optional.empty();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("GET " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.uri(), e);
    }
    return java.util.Optional.of(get(path));
  }

  /** A server-side apply of a YAML document by {@code fieldManager}. */
  JsonNode apply(String path, String yaml, String fieldManager) {
    return send(request(path + "?fieldManager=" + java.net.URLEncoder.encode(fieldManager, StandardCharsets.UTF_8))
        .header("Content-Type", "application/apply-patch+yaml")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(yaml)));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .header("User-Agent", USER_AGENT);
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode body = Json.parse(response.body());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
            + response.statusCode() + ": " + body.path("message").asText(body.toString()));
      }
      return body;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + request.uri(), e);
    }
  }
}
