package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;

import dev.liveupdate.it.cluster.PodInfo;
import dev.liveupdate.it.cluster.TestCluster;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Kills containers of {@link LosslessIT}'s deployment at seeded random points of its operations,
 * as a crash would ({@code podman kill}); the double restarts them from the image, and the dev loop
 * must bring them back to the local trees. The points and the victims depend on the seed alone,
 * from a random sequence of their own, so the operations stay those of the seed.
 */
final class ContainerKiller {

  private final Random random;
  private final TreeSet<Integer> points = new TreeSet<>();
  private final Set<String> killed = new HashSet<>();

  /** {@code kills} points among operations 1 to {@code operations}, at most one per operation. */
  ContainerKiller(long seed, int kills, int operations) {
    this.random = new Random(seed ^ 0x6b696c6c73L);
    for (int i = 0; i < Math.min(kills, operations); i++) {
      int point;
      do {
        point = 1 + random.nextInt(operations);
      } while (!points.add(point));
    }
  }

  /** The kill points after operation {@code after}, up to {@code until} included, in order. */
  List<Integer> pointsBetween(int after, int until) {
    return List.copyOf(points.subSet(after, false, until, true));
  }

  /**
   * Kills the container of a running pod of the deployment, picked at random; what was done, for
   * the operations log. A pod whose container was killed before is a candidate again once its
   * status shows the restarted container (it may say the old one for a moment).
   */
  String kill(TestCluster cluster, String deployment, int afterOperation) {
    List<PodInfo> running = await().atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> candidates(cluster, deployment), list -> !list.isEmpty());
    PodInfo victim = running.get(random.nextInt(running.size()));
    killed.add(victim.containerId());
    cluster.killContainer(victim.containerId());
    return "-- kill after #" + afterOperation + ": container of " + victim.name() + " ("
        + victim.containerId().substring(0, 12) + ")";
  }

  private List<PodInfo> candidates(TestCluster cluster, String deployment) {
    return cluster.pods("default", "app=" + deployment).stream()
        .filter(p -> "Running".equals(p.phase()) && !p.containerIds().isEmpty()
            && !killed.contains(p.containerId()))
        .sorted(Comparator.comparing(PodInfo::name)).toList();
  }
}
