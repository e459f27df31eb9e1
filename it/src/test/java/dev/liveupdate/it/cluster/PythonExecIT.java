package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pod exec through Debian's python3-kubernetes, which speaks {@code v4.channel.k8s.io} over
 * WebSocket: another client than ours, reading channel 3's Status for the exit code.
 */
@ExtendWith(ClusterExtension.class)
class PythonExecIT {
  private static final String SCRIPT = String.join("\n",
      "import sys",
      "from kubernetes import config",
      "from kubernetes.client import CoreV1Api",
      "from kubernetes.stream import stream",
      "config.load_kube_config(config_file=sys.argv[1])",
      "api = CoreV1Api()",
      "pod = sys.argv[2]",
      "mode = sys.argv[3]",
      "if mode == 'cat':",
      "    resp = stream(api.connect_get_namespaced_pod_exec, pod, 'default', command=['cat'],",
      "                  stdin=True, stdout=True, stderr=True, tty=False, _preload_content=False)",
      "    resp.write_stdin('hello from python\\n')",
      "    line = resp.readline_stdout(timeout=20)",
      "    resp.close()",
      "    print(line)",
      "else:",
      "    resp = stream(api.connect_get_namespaced_pod_exec, pod, 'default',",
      "                  command=['sh', '-c', 'echo out; echo err >&2; exit 3'],",
      "                  stdin=False, stdout=True, stderr=True, tty=False, _preload_content=False)",
      "    resp.run_forever(timeout=30)",
      "    print(resp.read_stdout(), end='')",
      "    print(resp.read_stderr(), end='')",
      "    print('exit=%s' % resp.returncode)",
      "");

  private static String pod;

  @BeforeAll
  static void deploy(TestCluster cluster) {
    cluster.createDeployment("default", "python-exec", 1, Map.of("app", "python-exec"), "main",
        cluster.baseImage(), List.of("sleep", "3600"));
    pod = cluster.waitForRunningPods("default", "python-exec", 1, Duration.ofSeconds(60)).get(0).name();
  }

  @AfterAll
  static void undeploy(TestCluster cluster) {
    cluster.deleteDeployment("default", "python-exec");
  }

  @Test
  void stdinReachesCatAndItsOutputComesBack(TestCluster cluster, @TempDir Path dir) throws Exception {
    Cli.Result result = python(cluster, dir, "cat");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("hello from python\n", result.stdout());
  }

  @Test
  void exitCodeAndStreamsAreReported(TestCluster cluster, @TempDir Path dir) throws Exception {
    Cli.Result result = python(cluster, dir, "exit");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("out\nerr\nexit=3\n", result.stdout());
  }

  private static Cli.Result python(TestCluster cluster, Path dir, String mode) throws Exception {
    Path script = dir.resolve("exec.py");
    Files.writeString(script, SCRIPT);
    return Cli.run(Duration.ofSeconds(60),
        List.of("/usr/bin/python3", script.toString(), cluster.kubeconfig().toString(), pod, mode));
  }
}
