package dev.liveupdate.it.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.PortForward;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port-forward over WebSocket through client-java 27's {@link PortForward} and python3-kubernetes'
 * {@code portforward}, to a busybox httpd (8080) and an echo server (8082) in a real pod.
 */
@ExtendWith(ClusterExtension.class)
class PortForwardIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static ApiClient client;
  private static PodInfo pod;

  @BeforeAll
  static void deploy(TestCluster cluster) throws Exception {
    Manifests.kubectlApply(cluster, String.join("\n",
        "apiVersion: v1",
        "kind: Pod",
        "metadata: {name: forwarded, labels: {app: forwarded}}",
        "spec:",
        "  containers:",
        "  - name: web",
        "    image: " + cluster.baseImage(),
        "    command: [sh, -c, 'mkdir -p /www && echo \"hello from $(hostname)\" > /www/index.html"
            + " && head -c 1048576 /dev/zero | tr \"\\\\0\" x > /www/big && exec httpd -f -p 8080 -h /www']",
        "    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}",
        "  - name: echo",
        "    image: " + cluster.baseImage(),
        "    command: [nc, -ll, -p, '8082', -e, cat]",
        ""));
    pod = cluster.waitForRunningPods("default", "app=forwarded", 1, TIMEOUT).get(0);
    client = Config.fromConfig(cluster.kubeconfig().toString());
  }

  @AfterAll
  static void undeploy(TestCluster cluster) throws Exception {
    KubectlIT.kubectl(cluster, "delete", "pod", "forwarded", "--wait=false");
  }

  @Test
  void anHttpRequestThroughTheForwardGetsThePodsAnswerAndTheSocketClosesWithIt(TestCluster cluster)
      throws Exception {
    PortForward.PortForwardResult forward = new PortForward(client).forward("default", pod.name(), List.of(8080));
    try {
      // client-java refuses getInputStream once the stream closed, and httpd closes right after an
      // HTTP/1.0 answer: take the input stream before asking
      InputStream in = forward.getInputStream(8080);
      forward.getOutboundStream(8080).write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      forward.getOutboundStream(8080).flush();

      String answer = readAll(in);
      assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
      assertTrue(answer.endsWith("\r\n\r\nhello from forwarded\n"), answer);
      assertEquals(1, cluster.requests().stream().filter(r -> r.path().endsWith("/forwarded/portforward")
          && r.query().equals("ports=8080")).count(), cluster.requests().toString());
    } finally {
      forward.close();
    }
    await().atMost(TIMEOUT).until(() -> cluster.api().openPortForwards() == 0);
  }

  @Test
  void twoPortsOfOneRequestEachGetTheirConnectionAndAMegabyteEchoesBackIntact(TestCluster cluster)
      throws Exception {
    byte[] payload = new byte[1024 * 1024];
    new Random(14).nextBytes(payload);
    PortForward.PortForwardResult forward = new PortForward(client).forward("default", pod.name(),
        List.of(8080, 8082));
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      // client-java hands every channel to a 1 KiB pipe filled by one reader thread: read both at once
      InputStream echoIn = forward.getInputStream(8082);
      InputStream webIn = forward.getInputStream(8080);
      // own threads: the common pool has one thread on a 2-core machine, and each read needs its own
      CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> readExactly(echoIn, payload.length),
          readers);
      // v4 has no per-channel close: 8080's stream ends only with the WebSocket, so read the answer's length
      CompletableFuture<String> big = CompletableFuture.supplyAsync(() -> readHttpAnswer(webIn, 1024 * 1024), readers);
      forward.getOutboundStream(8080).write("GET /big HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      OutputStream echo = forward.getOutboundStream(8082);
      for (int offset = 0; offset < payload.length; offset += 64 * 1024) {
        echo.write(payload, offset, 64 * 1024);
      }
      echo.flush();

      assertArrayEquals(payload, echoed.get(60, TimeUnit.SECONDS));
      String page = big.get(60, TimeUnit.SECONDS);
      assertTrue(page.endsWith("\r\n\r\n" + "x".repeat(1024 * 1024)), page.length() + " characters");
    } finally {
      forward.close();
      readers.shutdownNow();
    }
    await().atMost(TIMEOUT).until(() -> cluster.api().openPortForwards() == 0);
  }

  @Test
  void aRefusedPortIsReportedOnItsErrorChannelAndItsStreamEnds() throws Exception {
    PortForward.PortForwardResult forward = new PortForward(client).forward("default", pod.name(), List.of(9999));
    try {
      InputStream data = forward.getInputStream(9999);
      String error = readAll(forward.getErrorStream(9999));
      // client-java does not strip the 2-byte port header of the error channel: 9999 = 0x270f
      assertEquals("\u000f'", error.substring(0, 2));
      assertTrue(error.substring(2).startsWith("error forwarding port 9999 to pod "), error);
      assertTrue(error.contains("connection refused") || error.contains("Connection refused"), error);
      assertEquals(-1, data.read());
    } finally {
      forward.close();
    }
  }

  @Test
  void pythonForwardsAndReadsTheRefusal(TestCluster cluster, @TempDir Path dir) throws Exception {
    Path script = dir.resolve("forward.py");
    Files.writeString(script, String.join("\n",
        "import sys",
        "from kubernetes import config",
        "from kubernetes.client import CoreV1Api",
        "from kubernetes.stream import portforward",
        "config.load_kube_config(config_file=sys.argv[1])",
        "api = CoreV1Api()",
        "port = int(sys.argv[3])",
        "pf = portforward(api.connect_get_namespaced_pod_portforward, sys.argv[2], 'default', ports=str(port))",
        "s = pf.socket(port)",
        "s.setblocking(True)",
        // a refused port may close the stream before the request is written: the error is
        // what that case is about, read below
        "try:",
        "    s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')",
        "except (BrokenPipeError, ConnectionResetError):",
        "    pass",
        "data = b''",
        "while True:",
        "    try:",
        "        chunk = s.recv(4096)",
        "    except ConnectionResetError:",
        "        chunk = b''",
        "    if not chunk:",
        "        break",
        "    data += chunk",
        "s.close()",
        "print(data.decode().split('\\r\\n\\r\\n')[-1], end='')",
        "print('error: %s' % pf.error(port))",
        ""));

    Cli.Result served = Cli.run(TIMEOUT, List.of("/usr/bin/python3", script.toString(),
        cluster.kubeconfig().toString(), pod.name(), "8080"));
    Cli.Result refused = Cli.run(TIMEOUT, List.of("/usr/bin/python3", script.toString(),
        cluster.kubeconfig().toString(), pod.name(), "9999"));

    assertEquals("hello from forwarded\nerror: None\n", served.stdout(), served.toString());
    assertTrue(refused.stdout().startsWith("error: error forwarding port 9999 to pod "), refused.toString());
  }

  @Test
  void kubectlPortForwardIsRefusedNamingSpdy(TestCluster cluster) throws Exception {
    Cli.Result result = KubectlIT.kubectl(cluster, "port-forward", "pod/" + pod.name(), "0:8080");

    assertNotEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("SPDY"), result.toString());
  }

  private static String readAll(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Reads an HTTP answer whose body has {@code bodyLength} bytes, without waiting for the stream's end. */
  private static String readHttpAnswer(InputStream in, int bodyLength) {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        answer.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
        int headerEnd = answer.indexOf("\r\n\r\n");
        if (headerEnd >= 0 && answer.length() >= headerEnd + 4 + bodyLength) {
          break;
        }
      }
      return answer.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] readExactly(InputStream in, int length) {
    try {
      return in.readNBytes(length);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
