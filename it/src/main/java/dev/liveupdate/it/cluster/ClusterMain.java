package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the test cluster standalone (used by {@code it/cluster.sh}): registry, API double, base
 * and JRE images, a kubeconfig where asked, and a {@code cluster.env} state file; runs until
 * SIGTERM/SIGINT, then removes everything it started.
 *
 * <p>Usage: {@code ClusterMain <state-dir> <kubeconfig-path>}
 */
public final class ClusterMain {
  private ClusterMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: ClusterMain <state-dir> <kubeconfig-path>");
      System.exit(2);
    }
    Path stateDir = Path.of(args[0]).toAbsolutePath();
    Path kubeconfig = Path.of(args[1]).toAbsolutePath();
    TestCluster cluster = TestCluster.start(stateDir);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } finally {
        stopped.countDown();
      }
    }, "cluster-shutdown"));
    if (kubeconfig.getParent() != null) {
      Files.createDirectories(kubeconfig.getParent());
    }
    Files.copy(cluster.kubeconfig(), kubeconfig, StandardCopyOption.REPLACE_EXISTING);
    String env = String.join("\n",
        "SERVER=" + cluster.api().url(),
        "DOUBLE_ID=" + cluster.api().id(),
        "REGISTRY=" + cluster.registry(),
        "BASE_IMAGE=" + cluster.baseImage(),
        "JRE_IMAGE=" + cluster.jreImage(),
        "DISTROLESS_JRE_IMAGE=" + cluster.distrolessJreImage(),
        "KUBECONFIG_PATH=" + kubeconfig,
        "JAVA_PID=" + ProcessHandle.current().pid(),
        "REGISTRY_PID=" + cluster.registryPid(),
        "");
    Path envFile = stateDir.resolve("cluster.env");
    Files.writeString(stateDir.resolve("cluster.env.tmp"), env);
    Files.move(stateDir.resolve("cluster.env.tmp"), envFile, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("liveupdate test cluster ready: " + cluster.api().url() + ", registry " + cluster.registry());
    stopped.await();
  }
}
