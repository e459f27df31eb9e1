package dev.liveupdate.it;

import dev.liveupdate.it.cluster.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Java sample of {@code src/it/projects} ({@code java-plain}, {@code java-spring}) built and
 * deployed as its user would: {@code mvn compile jib:build} pushes its image, FROM the cluster's
 * {@link TestCluster#jreImage() JRE image}, to the cluster's registry (passed as
 * {@code -Dregistry}); {@code kubectl apply} of its {@code deployment.yaml} runs it.
 *
 * @param project the copy of the sample the image was built from
 * @param image the image Jib pushed, {@code 127.0.0.1:PORT/samples/<name>}
 * @param mvnTime the whole {@code mvn} run, JVM start and compile included
 * @param jibTime from Jib's goal starting to "Built and pushed image", as Maven's log timestamps say
 */
public record JavaSample(Path project, String image, Duration mvnTime, Duration jibTime) {
  private static final Pattern STAMP = Pattern.compile("^(\\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ");
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

  /**
   * Copies {@code scenario} into {@code workDir} and runs {@code mvn compile jib:build} on it.
   * Online: Jib refuses to push in offline mode, and the first run on a machine downloads the
   * sample's dependencies and plugins (later {@code mvn -o} runs on the sample then find them).
   */
  public static JavaSample build(String scenario, Path workDir, TestCluster cluster)
      throws IOException, InterruptedException {
    return build(scenario, workDir, cluster, List.of());
  }

  /** As {@link #build(String, Path, TestCluster)}, with more arguments for {@code mvn} ({@code -Djib.from.image=...}). */
  public static JavaSample build(String scenario, Path workDir, TestCluster cluster, List<String> mvnArgs)
      throws IOException, InterruptedException {
    cluster.jreImage();
    return build(SampleProject.copy(scenario, workDir), cluster, mvnArgs);
  }

  /**
   * Runs {@code mvn compile jib:build} on a copy of a sample that is already there (one
   * {@link #build(String, Path, TestCluster)} made, or made and edited since): what its user runs
   * to ship a change without live update. The image is named after the copy's folder, as the
   * samples' POMs name it after their artifact.
   */
  public static JavaSample build(Path project, TestCluster cluster)
      throws IOException, InterruptedException {
    return build(project, cluster, List.of());
  }

  /** As {@link #build(Path, TestCluster)}, with more arguments for {@code mvn}. */
  public static JavaSample build(Path project, TestCluster cluster, List<String> mvnArgs)
      throws IOException, InterruptedException {
    cluster.jreImage();
    String scenario = project.getFileName().toString();
    long start = System.nanoTime();
    int exit;
    List<String> lines;
    List<String> args = new java.util.ArrayList<>(List.of("-ntp", "compile", "jib:build",
        "-Dregistry=" + cluster.registry(), "-Djib.disableUpdateChecks=true", "-Djib.console=plain",
        "-Dorg.slf4j.simpleLogger.showDateTime=true", "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"));
    args.addAll(mvnArgs);
    try (MavenProcess mvn = MavenProcess.startOnline(project, args.toArray(String[]::new))) {
      exit = mvn.awaitExit(BUILD_TIMEOUT);
      lines = mvn.lines();
    }
    Duration mvnTime = Duration.ofNanos(System.nanoTime() - start);
    String image = cluster.registry() + "/samples/" + scenario;
    int jibStart = indexOf(lines, "--- jib:");
    int pushed = indexOf(lines, "Built and pushed image as " + image);
    if (exit != 0 || jibStart < 0 || pushed < 0) {
      throw new AssertionError("mvn compile jib:build on " + scenario + " exited " + exit + " without pushing "
          + image + "; output:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
    }
    return new JavaSample(project, image, mvnTime, Duration.between(time(lines.get(jibStart)),
        time(lines.get(pushed))));
  }

  /** The sample's {@code deployment.yaml} with {@code @registry@} replaced by the cluster's registry. */
  public String manifest(TestCluster cluster) {
    try {
      return Files.readString(project.resolve("deployment.yaml"), StandardCharsets.UTF_8)
          .replace("@registry@", cluster.registry());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + project, e);
    }
  }

  /** {@code kubectl apply -f -} of {@link #manifest}; fails unless kubectl exits 0. */
  public void deploy(TestCluster cluster) throws IOException, InterruptedException {
    deploy(cluster, image);
  }

  /**
   * As {@link #deploy(TestCluster)}, with the container running {@code reference} (the image by
   * digest, {@code …/samples/java-plain@sha256:…}): a changed image reference is what rolls a
   * Deployment out after a push, as {@code kubectl set image} would.
   */
  public void deploy(TestCluster cluster, String reference) throws IOException, InterruptedException {
    Path manifest = Files.createTempFile(project.getParent(), project.getFileName() + "-", ".yaml");
    Files.writeString(manifest, manifest(cluster).replace("image: " + image + "\n",
        "image: " + reference + "\n"));
    Process kubectl = new ProcessBuilder("/usr/bin/kubectl", "--kubeconfig", cluster.kubeconfig().toString(),
        "apply", "-f", manifest.toString()).redirectErrorStream(true).start();
    String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kubectl.waitFor(60, TimeUnit.SECONDS) || kubectl.exitValue() != 0) {
      throw new AssertionError("kubectl apply of " + manifest + " failed: " + output);
    }
  }

  /** A file of the sample's {@code src/main/resources}, as the app serves it. */
  public String resource(String path) throws IOException {
    return Files.readString(project.resolve("src/main/resources").resolve(path), StandardCharsets.UTF_8);
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }

  private static LocalTime time(String line) {
    Matcher m = STAMP.matcher(line);
    if (!m.find()) {
      throw new AssertionError("no timestamp on Maven's line: " + line);
    }
    return LocalTime.parse(m.group(1));
  }
}
