package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One run of a probe handler, as the kubelet runs it: {@code httpGet} (a status from 200 to 399
 * passes; HTTPS without certificate checks; redirects not followed), {@code tcpSocket} (the
 * connection opens) and {@code exec} (the command, run directly without a shell, exits 0), each
 * within {@code timeoutSeconds}. Host defaults to the pod IP; a named port is looked up in the
 * container's {@code ports}.
 */
final class ProbeChecks {
  private ProbeChecks() {}

  /** A probe's outcome and what the kubelet would put in the event. */
  record Result(boolean success, String message) {}

  static Result run(JsonNode probe, String podIp, JsonNode containerSpec, String containerId) {
    Duration timeout = Duration.ofSeconds(Math.max(1, probe.path("timeoutSeconds").asInt(1)));
    try {
      if (probe.has("httpGet")) {
        return httpGet(probe.path("httpGet"), podIp, containerSpec, timeout);
      } else if (probe.has("tcpSocket")) {
        return tcpSocket(probe.path("tcpSocket"), podIp, containerSpec, timeout);
      } else if (probe.has("exec")) {
        return exec(probe.path("exec"), containerId, timeout);
      }
      return new Result(false, "the probe has no handler the double runs (httpGet, tcpSocket, exec)");
    } catch (IOException | RuntimeException e) {
      return new Result(false, e.toString());
    }
  }

  private static Result httpGet(JsonNode action, String podIp, JsonNode containerSpec, Duration timeout)
      throws IOException {
    String host = host(action, podIp);
    int port = port(action.path("port"), containerSpec);
    String scheme = action.path("scheme").asText("HTTP").toLowerCase(java.util.Locale.ROOT);
    String path = action.path("path").asText("/");
    URI uri = URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + (path.startsWith("/") ? path : "/" + path));
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    try {
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(TRUST_ALL.getSocketFactory());
        https.setHostnameVerifier((name, session) -> true);
      }
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setRequestProperty("User-Agent", "kube-probe/" + Discovery.MAJOR + "." + Discovery.MINOR);
      connection.setRequestProperty("Accept", "*/*");
      for (JsonNode header : action.path("httpHeaders")) {
        connection.setRequestProperty(header.path("name").asText(), header.path("value").asText());
      }
      int code = connection.getResponseCode();
      try (InputStream body = code >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.readNBytes(10 * 1024);
        }
      }
      return code >= 200 && code < 400 ? new Result(true, "HTTP " + code)
          : new Result(false, "HTTP probe failed with statuscode: " + code);
    } finally {
      connection.disconnect();
    }
  }

  private static Result tcpSocket(JsonNode action, String podIp, JsonNode containerSpec, Duration timeout)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(host(action, podIp), port(action.path("port"), containerSpec));
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      return new Result(true, "connected to " + address);
    }
  }

  private static Result exec(JsonNode action, String containerId, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("exec", containerId));
    action.path("command").forEach(arg -> args.add(arg.asText()));
    Podman.Result result = Podman.tryRun(args, null, timeout);
    return result.exitCode() == 0 ? new Result(true, "exit 0")
        : new Result(false, "command exited with " + result.exitCode() + ": " + result.stdout() + result.stderr());
  }

  private static String host(JsonNode action, String podIp) {
    String host = action.path("host").asText("");
    if (!host.isEmpty()) {
      return host;
    }
    if (podIp == null) {
      throw new IllegalStateException("the pod has no IP yet");
    }
    return podIp;
  }

  /** A port number, or the name of one of the container's ports. */
  static int port(JsonNode port, JsonNode containerSpec) {
    if (port.canConvertToInt() && !port.isTextual()) {
      return port.asInt();
    }
    String name = port.asText();
    if (name.matches("[0-9]+")) {
      return Integer.parseInt(name);
    }
    for (JsonNode declared : containerSpec.path("ports")) {
      if (name.equals(declared.path("name").asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    throw new IllegalStateException("the container has no port named \"" + name + "\"");
  }

  private static final SSLContext TRUST_ALL = trustAll();

  private static SSLContext trustAll() {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // the kubelet does not check a probed server's certificate either
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        // the kubelet does not check a probed server's certificate either
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the probes' TLS context", e);
    }
  }
}
