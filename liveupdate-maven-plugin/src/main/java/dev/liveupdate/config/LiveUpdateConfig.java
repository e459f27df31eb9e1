package dev.liveupdate.config;

import java.nio.file.Path;
import java.time.Duration;
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
    Optional<ImageConfig> image) {

  /** The {@code liveupdate.quietPeriod} of {@code liveupdate:dev} when none is given. */
  public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofMillis(50);
  /** The {@code liveupdate.maxBatchWait} of {@code liveupdate:dev} when none is given. */
  public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofSeconds(1);

  public LiveUpdateConfig {
    syncs = List.copyOf(syncs);
    runs = List.copyOf(runs);
    fallBackOn = List.copyOf(fallBackOn);
    ignores = List.copyOf(ignores);
  }

  /**
   * The sync rule a local file belongs to: the first, in declaration order, whose source contains
   * it (Tilt's rule). {@link LiveUpdateConfigReader} rejects a sync nested in an earlier one, so
   * this is also the most specific rule.
   *
   * @param local an absolute, normalised path
   */
  public Optional<SyncRule> syncFor(Path local) {
    return syncs.stream().filter(sync -> sync.covers(local)).findFirst();
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
