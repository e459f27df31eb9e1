package dev.liveupdate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.it.cluster.ClusterExtension;
import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Never lose a change: thousands of seeded random file operations on the two synced trees of a
 * sample project while a real {@code mvn liveupdate:dev} runs against two replicas; once things
 * are quiet, every container's tree under each destination equals the local tree under its source
 * (paths, content hashes, execute bits, symlink targets), read inside the containers.
 *
 * <p>Run alone with {@code ./mvnw -B -pl it verify -Dit.test=LosslessIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false} (after {@code ./mvnw install -DskipTests}). Properties:
 * {@code -Dlossless.seed=N} replays a seed (printed at start and in every failure); {@code
 * -Dlossless.ops=N} sets how many operations (default {@value #DEFAULT_OPS}, about a minute;
 * {@code 20000} for a long run); {@code -Dlossless.checkpoints=N} (default {@value
 * #DEFAULT_CHECKPOINTS}) stops that many times, evenly spread, to wait for quiescence and compare,
 * so a failure names the window of operations since the last equal state; {@code
 * -Dlossless.skip=file2dir,dir2file} leaves operations out, to look past a known loss (the names
 * are those of {@link RandomOps}'s operations); {@code -Dlossless.kills=N} (default {@value
 * #DEFAULT_KILLS}) kills that many containers at random points of the operations, as crashes
 * would ({@link ContainerKiller}): the restarted containers must end up with the local trees
 * too. The sequence of operations depends on the seed and the skipped operations only; the
 * operations and the kills are logged to {@code target/it-work/lossless/operations.log}, the dev
 * session to {@code lossless-mvn.log} beside it.
 *
 * <p>Empty directories are not compared: the plugin syncs files and links, and a
 * directory exists in a container only as the parent of something it copied. A directory emptied
 * file by file therefore stays, empty, in the containers, and an empty local directory never
 * arrives; neither changes what an application can read. Every directory that is deleted or
 * renamed away as a whole must disappear with all it held, which the compared files check.
 */
class LosslessIT {

  @RegisterExtension
  static final ClusterExtension CLUSTER = ClusterExtension.forScenario("lossless");


  static final int DEFAULT_OPS = 2000;
  /** Compare this many times during the run: a loss is found near where it happened. */
  static final int DEFAULT_CHECKPOINTS = 4;
  /** Containers killed during the operations, at random points. */
  static final int DEFAULT_KILLS = 4;
  private static final String DEPLOYMENT = "lossless";
  /** Local source (relative to the project) to container destination, by root name. */
  private static final Map<String, String[]> SYNCS = new LinkedHashMap<>();

  static {
    SYNCS.put("res", new String[] {"src/main/resources", "/app/res"});
    SYNCS.put("web", new String[] {"web", "/app/web"});
  }

  /** Lists / without the destinations and the kernel's file systems. */
  private static final String OUTSIDE_SCRIPT = "find / -xdev \\( -path /proc -o -path /sys -o "
      + "-path /dev -o -path /app/res -o -path /app/web \\) -prune -o -type f "
      + "-exec sha256sum {} + -o -print";

  private static TestCluster cluster;
  private static MavenProcess mvn;

  @AfterAll
  static void stop() throws Exception {
    if (mvn != null) {
      mvn.close();
    }
  }

  @Test
  void everyContainerEndsUpWithTheLocalTreesAfterRandomOperations() throws Exception {
    long seed = Long.getLong("lossless.seed", System.nanoTime());
    int ops = Integer.getInteger("lossless.ops", DEFAULT_OPS);
    int checkpoints = Math.max(1, Integer.getInteger("lossless.checkpoints", DEFAULT_CHECKPOINTS));
    String skip = System.getProperty("lossless.skip", "").trim();
    int kills = Integer.getInteger("lossless.kills", DEFAULT_KILLS);
    Set<String> skipped = skip.isEmpty() ? Set.of() : Set.of(skip.split("\\s*,\\s*"));
    String replay = "seed " + seed + ", " + ops + " operations, " + checkpoints + " checkpoint(s), "
        + kills + " kill(s)" + (skipped.isEmpty() ? "" : ", without " + skip)
        + "; replay with -Dlossless.seed=" + seed + " -Dlossless.ops=" + ops
        + " -Dlossless.checkpoints=" + checkpoints + " -Dlossless.kills=" + kills
        + (skipped.isEmpty() ? "" : " -Dlossless.skip=" + skip);
    System.out.println("LosslessIT: " + replay);

    Path work = CLUSTER.work();
    cluster = CLUSTER.cluster();
    Path project = SampleProject.copy("lossless", work);
    Path scratch = work.resolve("scratch");
    deleteTree(scratch);
    Files.createDirectories(scratch);
    Map<String, Path> sources = new LinkedHashMap<>();
    Map<Path, String> layers = new LinkedHashMap<>();
    SYNCS.forEach((root, sync) -> {
      sources.put(root, project.resolve(sync[0]));
      layers.put(project.resolve(sync[0]), sync[1]);
    });

    String image = cluster.buildImage(DEPLOYMENT, "1", layers, List.of("sleep", "86400"));
    cluster.createDeployment("default", DEPLOYMENT, 2, Map.of("app", DEPLOYMENT), "main", image,
        List.of());
    List<PodInfo> pods = cluster.waitForRunningPods("default", DEPLOYMENT, 2,
        Duration.ofSeconds(60));
    Map<String, String> outsideBefore = new LinkedHashMap<>();
    for (PodInfo pod : pods) {
      outsideBefore.put(pod.containerId(), outsideListing(pod.containerId()));
    }
    SortedMap<String, TreeListing.Entry> projectBefore = projectOutsideSyncs(project);

    mvn = MavenProcess.startDev(project, cluster.kubeconfig(), "deployment/" + DEPLOYMENT);
    int firstLine = mvn.lineCount();

    Map<String, Path> roots = new LinkedHashMap<>(sources);
    roots.put("scratch", scratch);
    RandomOps random = new RandomOps(seed, roots, List.copyOf(sources.keySet()), "scratch",
        skipped);
    Path opsLog = work.resolve("operations.log");
    ContainerKiller killer = new ContainerKiller(seed, kills, ops);
    int checked = 0;
    for (int checkpoint = 1; checkpoint <= checkpoints; checkpoint++) {
      int until = (int) ((long) ops * checkpoint / checkpoints);
      long start = System.nanoTime();
      try {
        for (int point : killer.pointsBetween(checked, until)) {
          random.run(point);
          random.note(killer.kill(cluster, DEPLOYMENT, point));
        }
        random.run(until);
      } finally {
        Files.write(opsLog, random.log(), StandardCharsets.UTF_8);
      }
      System.out.println("LosslessIT: operations #" + (checked + 1) + "–#" + until + " in "
          + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
      checkModel(random, sources);

      long settleStart = System.nanoTime();
      List<Difference> differences = awaitEqualTrees(sources, pods);
      List<String> log = mvn.lines().subList(firstLine, mvn.lineCount());
      System.out.println("LosslessIT: checkpoint " + checkpoint + "/" + checkpoints + " after "
          + Duration.ofNanos(System.nanoTime() - settleStart).toMillis() + " ms: "
          + (differences.isEmpty() ? "equal" : differences.size() + " difference(s)") + "; "
          + (count(log, "] Updated ") + count(log, "] Update failed in ")) + " updates, "
          + count(log, "[WARNING]") + " warnings, "
          + count(log, "[ERROR]") + " errors in the dev log so far");
      if (!differences.isEmpty()) {
        throw new AssertionError("containers differ from the local trees after operation #"
            + until + "; they were equal after #" + checked + " (" + replay + "):\n"
            + report(differences, random.log(), opsLog, log));
      }
      checked = until;
    }

    // the containers that lived through every update (a killed one restarted from its image and
    // has no listing from before; with the default kills, one of the two usually lived)
    for (PodInfo pod : cluster.pods("default", "app=" + DEPLOYMENT)) {
      String before = outsideBefore.get(pod.containerId());
      if (before != null) {
        assertEquals(before, outsideListing(pod.containerId()), "container " + pod.name()
            + " changed outside the sync destinations (" + replay + ")");
      }
    }
    assertEquals(projectBefore, projectOutsideSyncs(project),
        "files of the project outside the synced trees changed (" + replay + ")");
    assertTrue(mvn.isAlive(), "dev stopped:\n" + mvn.tail(40));
  }

  /** The model the operations were chosen from must be the disk, or the test itself is wrong. */
  private static void checkModel(RandomOps random, Map<String, Path> sources) {
    for (var source : sources.entrySet()) {
      assertEquals(random.modelEntries(source.getKey()),
          List.copyOf(TreeListing.ofLocal(source.getValue()).entries().keySet()),
          "the test's model of " + source.getKey() + " (a bug in RandomOps)");
    }
  }

  private static String report(List<Difference> differences, List<String> opsLog, Path opsFile,
      List<String> devLog) {
    return String.join("\n", head(differences.stream().map(Difference::toString).toList(), 60))
        + "\n\noperations that named these paths or their parent directories (full log: "
        + opsFile + "):\n" + history(differences, opsLog)
        + "\nfirst errors in the dev log:\n" + String.join("\n",
            head(devLog.stream().filter(l -> l.startsWith("[ERROR]")).toList(), 10))
        + "\n\nfirst warnings in the dev log, counts of files gone before sending left out:\n"
        + String.join("\n", head(devLog.stream().filter(l -> l.startsWith("[WARNING]")
            && !l.endsWith("the next update carries what became of them")).toList(), 15))
        + "\n\ndev log tail:\n" + mvn.tail(30);
  }

  /**
   * Waits for the dev loop to catch up and the containers to hold the local trees ({@link
   * Settling}); the differences left. Equal trees must be in the pods the test started with.
   */
  private static List<Difference> awaitEqualTrees(Map<String, Path> sources, List<PodInfo> initialPods) {
    List<Difference> differences = new Settling(mvn).differencesOnceSettled(() -> compare(sources));
    if (differences.isEmpty()) {
      List<PodInfo> pods = cluster.pods("default", "app=" + DEPLOYMENT);
      assertEquals(initialPods.size(), pods.size(), "pods of the deployment: " + pods);
    }
    return differences;
  }

  /** One path that differs in one container; {@code key} names it as the operations log does. */
  record Difference(String pod, String destination, String key, String what) {
    @Override
    public String toString() {
      return pod + " " + destination + ": " + what;
    }
  }

  /** Every running container of the deployment against the local trees, read now. */
  private static List<Difference> compare(Map<String, Path> sources) {
    Map<String, TreeListing> local = new LinkedHashMap<>();
    Map<String, String> rootOf = new LinkedHashMap<>();
    SYNCS.forEach((root, sync) -> {
      local.put(sync[1], TreeListing.ofLocal(sources.get(root)).syncable());
      rootOf.put(sync[1], root);
    });
    List<Difference> differences = new ArrayList<>();
    // a killed container may be restarting: compare once both run again
    List<PodInfo> pods = cluster.waitForRunningPods("default", DEPLOYMENT, 2,
        Duration.ofSeconds(60));
    for (PodInfo pod : pods) {
      for (String containerId : pod.containerIds().values()) {
        List<String> argv = new ArrayList<>(List.of("sh", "-c", TreeListing.CONTAINER_SCRIPT,
            "sh"));
        argv.addAll(local.keySet());
        Map<String, TreeListing> inside = TreeListing.parseContainer(
            cluster.podmanExec(containerId, argv.toArray(String[]::new)));
        for (var destination : local.entrySet()) {
          TreeListing there = inside.get(destination.getKey());
          TreeListing.diff(destination.getValue(), there).forEach((path, line) ->
              differences.add(new Difference(pod.name(), destination.getKey(),
                  rootOf.get(destination.getKey()) + "/" + path, line)));
        }
      }
    }
    return differences;
  }

  private static String outsideListing(String containerId) {
    return String.join("\n", cluster.podmanExec(containerId, "sh", "-c", OUTSIDE_SCRIPT)
        .lines().sorted().toList());
  }

  /** The project's files outside the synced trees and target/: the plugin must not touch them. */
  private static SortedMap<String, TreeListing.Entry> projectOutsideSyncs(Path project) {
    SortedMap<String, TreeListing.Entry> entries = new TreeMap<>();
    TreeListing.ofLocal(project).entries().forEach((path, entry) -> {
      boolean synced = SYNCS.values().stream().anyMatch(s -> path.startsWith(s[0] + "/"));
      if (!synced && !path.startsWith("target/")) {
        entries.put(path, entry);
      }
    });
    return entries;
  }

  /**
   * For the first differing paths, the logged operations that named the path itself or one of its
   * parent directories as a whole (created, moved, deleted it).
   */
  private static String history(List<Difference> differences, List<String> opsLog) {
    StringBuilder out = new StringBuilder();
    List<String> seen = new ArrayList<>();
    for (Difference difference : differences) {
      String key = difference.key();
      if (seen.contains(key) || seen.size() >= 8) {
        continue;
      }
      seen.add(key);
      List<Pattern> names = new ArrayList<>();
      names.add(Pattern.compile(Pattern.quote(key) + "(?=/|\\s|$)"));
      for (String parent = parentOf(key); parent.contains("/"); parent = parentOf(parent)) {
        names.add(Pattern.compile(Pattern.quote(parent) + "(?=\\s|$)"));
      }
      List<String> lines = opsLog.stream().filter(l -> l.startsWith("#"))
          .filter(l -> names.stream().anyMatch(n -> n.matcher(l).find())).toList();
      out.append(key).append(":\n  ").append(String.join("\n  ", RandomOps.tail(lines, 12)))
          .append('\n');
    }
    return out.toString();
  }

  private static String parentOf(String key) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private static long count(List<String> lines, String text) {
    return lines.stream().filter(l -> l.contains(text)).count();
  }

  private static List<String> head(List<String> lines, int n) {
    if (lines.size() <= n) {
      return lines;
    }
    List<String> head = new ArrayList<>(lines.subList(0, n));
    head.add("… and " + (lines.size() - n) + " more");
    return head;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
