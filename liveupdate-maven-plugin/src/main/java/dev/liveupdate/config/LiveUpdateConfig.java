package dev.liveupdate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validated, immutable form of {@code <liveUpdate>}: what to watch, where it goes, what runs.
 *
 * @param basedir     the module's base directory; every local path below is absolute and inside it
 * @param buildDir    the module's build directory ({@code target/}), ignored unless a sync source
 * @param target      which containers receive the updates
 * @param syncs       local directories and the container directories they are copied to
 * @param runs        commands run in the container after a copy, in declaration order
 * @param fallBackOn  local paths or patterns (relative to {@code basedir}) that force a full rebuild
 * @param ignores     patterns (relative to {@code basedir}, Maven style) that never trigger anything
 * @param quietPeriod how long the file system must be quiet before a batch is flushed
 * @param maxBatchWait the longest a batch is held back while changes keep arriving
 * @param image       the fallback build's image, empty when {@code <image>} is absent (a rebuild
 *                    is then only reported)
 * @param javaApp     the Java app of a module whose syncs are inferred from jib-maven-plugin;
 *                    empty for {@code <syncs>}
 * @param portForwards local ports {@code dev} forwards to a Ready pod of the target
 * @param manifests   the Kubernetes YAML files {@code liveupdate:dev} applies at start and
 *                    {@code liveupdate:down} deletes: absolute, existing, {@code .yaml} or
 *                    {@code .yml}, in the order written (a folder's files sorted by name)
 * @see LiveUpdateConfigReader#read the only way configuration from a POM becomes one of these
 */
public record LiveUpdateConfig(
    Path basedir,
    Path buildDir,
    Target target,
    List<SyncRule> syncs,
    List<RunStep> runs,
    List<String> fallBackOn,
    List<String> ignores,
    Duration quietPeriod,
    Duration maxBatchWait,
    Optional<ImageConfig> image,
    Optional<JavaApp> javaApp,
    List<PortForward> portForwards,
    List<Path> manifests) {

  /** The {@code liveupdate.quietPeriod} of {@code liveupdate:dev} when none is given. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(50);
  /** The {@code liveupdate.maxBatchWait} of {@code liveupdate:dev} when none is given. */
  public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofSeconds(1);

  public LiveUpdateConfig {
    syncs = List.copyOf(syncs);
    runs = List.copyOf(runs);
    fallBackOn = List.copyOf(fallBackOn);
    ignores = List.copyOf(ignores);
    portForwards = List.copyOf(portForwards);
    manifests = List.copyOf(manifests);
  }

  /** A configuration without port-forwards and {@code <manifests>}. */
  public LiveUpdateConfig(Path basedir, Path buildDir, Target target, List<SyncRule> syncs,
      List<RunStep> runs, List<String> fallBackOn, List<String> ignores, Duration quietPeriod,
      Duration maxBatchWait, Optional<ImageConfig> image, Optional<JavaApp> javaApp) {
    this(basedir, buildDir, target, syncs, runs, fallBackOn, ignores, quietPeriod, maxBatchWait,
        image, javaApp, List.of(), List.of());
  }

  /** The configuration of {@code <syncs>}: no Java app. */
  public LiveUpdateConfig(Path basedir, Path buildDir, Target target, List<SyncRule> syncs,
      List<RunStep> runs, List<String> fallBackOn, List<String> ignores, Duration quietPeriod,
      Duration maxBatchWait, Optional<ImageConfig> image) {
    this(basedir, buildDir, target, syncs, runs, fallBackOn, ignores, quietPeriod, maxBatchWait,
        image, Optional.empty());
  }

  /** This configuration with {@code resolved} as its target (a Jib module's, found by image). */
  public LiveUpdateConfig withTarget(Target resolved) {
    return new LiveUpdateConfig(basedir, buildDir, resolved, syncs, runs, fallBackOn, ignores,
        quietPeriod, maxBatchWait, image, javaApp, portForwards, manifests);
  }

  /**
   * The sync rule a local file belongs to: the first, in declaration order, that takes it
   * (Tilt's rule, with each sync's filter). {@link LiveUpdateConfigReader} rejects a sync nested
   * in an earlier one, so this is also the most specific rule.
   *
   * @param local an absolute, normalised path
   */
  public Optional<SyncRule> syncFor(Path local) {
    return syncs.stream().filter(sync -> sync.covers(local)).findFirst();
  }

  /**
   * The source of the first sync, in declaration order, whose source contains the local path,
   * whatever its filter: present for every path a sync could be about. A path that a sync's
   * source contains but no sync takes is left out by the filters, not unsynced.
   */
  public Optional<Path> sourceOf(Path local) {
    return syncs.stream().filter(sync -> sync.contains(local)).map(SyncRule::from).findFirst();
  }

  /**
   * The syncs a deleted local path is deleted through: the one it belongs to ({@link #syncFor})
   * and, when it may have been a directory, every other sync of the same source that may have
   * held files below it ({@link SyncRule#mayHoldBelow}); only syncs that own their destination.
   * A deleted name with a dot in it is taken for a file: a directory of Java packages never has
   * one, so a deleted class file or resource file is deleted through its own sync only.
   */
  public List<SyncRule> syncsForDeleted(Path local) {
    Optional<SyncRule> owner = syncFor(local);
    List<SyncRule> through = new ArrayList<>();
    owner.filter(SyncRule::ownsDestination).ifPresent(through::add);
    Optional<Path> source = sourceOf(local);
    Path name = local.getFileName();
    if (source.isPresent() && name != null && name.toString().indexOf('.') < 0) {
      syncs.stream()
          .filter(sync -> sync.from().equals(source.get()) && sync.ownsDestination()
              && !through.contains(sync) && sync.mayHoldBelow(local))
          .forEach(through::add);
    }
    return through;
  }

  /**
   * {@code local} relative to {@link #basedir}, '/'-separated, as {@link PathPatterns#matches}
   * expects ({@code ""} for the base directory itself).
   *
   * @param local an absolute, normalised path inside {@link #basedir}
   */
  public String relativePath(Path local) {
    return basedir.relativize(local).toString().replace('\\', '/');
  }
}
