package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.Exec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Pod exec through client-java 27's own {@link Exec}: what the plugin will use. */
@ExtendWith(ClusterExtension.class)
class ClientJavaExecIT {
  private static PodInfo pod;
  private static ApiClient client;

  @BeforeAll
  static void deploy(TestCluster cluster) throws Exception {
    cluster.createDeployment("default", "java-exec", 1, Map.of("app", "java-exec"), "main",
        cluster.baseImage(), List.of("sleep", "3600"));
    pod = cluster.waitForRunningPods("default", "java-exec", 1, Duration.ofSeconds(60)).get(0);
    client = Config.fromConfig(cluster.kubeconfig().toString());
  }

  @AfterAll
  static void undeploy(TestCluster cluster) {
    cluster.deleteDeployment("default", "java-exec");
  }

  @Test
  void tarStreamedOnStdinIsExtractedInTheContainer(TestCluster cluster) throws Exception {
    assertEquals(0, run("mkdir", "-p", "/tmp/x").exitCode);
    byte[] tar = tarOf("hello/greeting.txt", "hello through a streamed tar\n", 0640);

    Result extract = run(tar, "tar", "-x", "-f", "-", "-C", "/tmp/x");

    assertEquals(0, extract.exitCode, extract.stderr);
    assertEquals("hello through a streamed tar\n", cluster.podmanExec(pod.containerId(), "cat", "/tmp/x/hello/greeting.txt"));
    assertEquals("640\n", cluster.podmanExec(pod.containerId(), "stat", "-c", "%a", "/tmp/x/hello/greeting.txt"));
    assertTrue(cluster.awaitNoOpenExecSessions(Duration.ofSeconds(10)), cluster.openExecSessions() + " exec sessions left open");
  }

  @Test
  void exitStatusAndStreamsArePropagated(TestCluster cluster) throws Exception {
    Result result = run("sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3");

    assertEquals(3, result.exitCode);
    assertEquals("to-stdout\n", result.stdout);
    assertEquals("to-stderr\n", result.stderr);
    assertTrue(cluster.requests().stream().anyMatch(r -> r.isExec() && r.path().endsWith(pod.name() + "/exec")
        && r.query().contains("command=sh")), cluster.requests().toString());
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(String... command) throws Exception {
    return run(null, command);
  }

  /** One exec; stdin (if any) is written then closed, which client-java sends as [255, 0] under v5. */
  private static Result run(byte[] stdin, String... command) throws Exception {
    Process process = new Exec(client).exec("default", pod.name(), command, "main", stdin != null, false);
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "exec of " + String.join(" ", command) + " did not end");
    // not process.destroy(): client-java's ExecProcess.destroy() shuts down the ApiClient's dispatcher
    return new Result(process.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS));
  }

  private static String drain(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] tarOf(String name, String content, int mode) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      entry.setMode(0100000 | mode);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
