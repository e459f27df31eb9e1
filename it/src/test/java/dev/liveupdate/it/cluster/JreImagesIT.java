package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JRE base images run Java as apps expect it (UTF-8, a user with a home, a writable /tmp, CA
 * certificates, the attach API for agents) as root and as a non-root user; the busybox variant has
 * the tools the plugin's tar transport needs, the distroless one has no shell and no tar.
 */
@ExtendWith(ClusterExtension.class)
class JreImagesIT {
  private static final Path CLASSES = Path.of(JreProbe.class.getProtectionDomain().getCodeSource().getLocation()
      .getPath());

  @Test
  void bothImagesRunJavaWithWhatAppsExpect(TestCluster cluster) {
    for (String image : List.of(cluster.jreImage(), cluster.distrolessJreImage())) {
      assertEquals(expected("root", "/root"), probe(image, List.of()), image);
      assertEquals(expected("nonroot", "/home/nonroot"), probe(image, List.of("--user", "65532")), image);
    }
  }

  @Test
  void theBusyboxVariantHasAShellAndTarTheDistrolessOneNeither(TestCluster cluster) {
    String tools = run(cluster.jreImage(), List.of("--entrypoint", "sh"), "-c",
        "for t in tar find sha256sum mkdir rm; do which $t; done").stdout();
    assertEquals("/bin/tar\n/bin/find\n/bin/sha256sum\n/bin/mkdir\n/bin/rm\n", tools);
    for (String missing : List.of("sh", "tar", "/bin/sh")) {
      Podman.Result result = run(cluster.distrolessJreImage(), List.of("--entrypoint", missing));
      assertNotEquals(0, result.exitCode(), missing + ": " + result);
      assertTrue(result.stderr().contains("exec: \"" + missing + "\": ") && (result.stderr().contains("not found")
          || result.stderr().contains("no such file or directory")), missing + ": " + result.stderr());
    }
  }

  private static String expected(String user, String home) {
    return String.join("\n",
        "file.encoding=UTF-8",
        "sun.jnu.encoding=UTF-8",
        "user.name=" + user,
        "user.home=" + home,
        "java.home=" + JreImages.JAVA_HOME,
        "tmp=[é✓.txt:ok]",
        "trustedIssuersOver100=true",
        "attachListsSelf=true",
        "modules=true,true,true",
        "");
  }

  private static String probe(String image, List<String> options) {
    List<String> runOptions = new ArrayList<>(options);
    runOptions.addAll(List.of("-v", CLASSES + ":/probe:ro"));
    Podman.Result result = run(image, runOptions, "java", "-cp", "/probe", JreProbe.class.getName());
    assertEquals(0, result.exitCode(), result.toString());
    return result.stdout();
  }

  private static Podman.Result run(String image, List<String> options, String... command) {
    Podman.run("pull", "--quiet", "--tls-verify=false", image);
    List<String> args = new ArrayList<>(List.of("run", "--rm", "--pull=never", "--label", "liveupdate.test=jre-images"));
    args.addAll(Podman.RUN_LIMITS);
    args.addAll(options);
    args.add(image);
    args.addAll(List.of(command));
    return Podman.tryRun(args, null);
  }
}
