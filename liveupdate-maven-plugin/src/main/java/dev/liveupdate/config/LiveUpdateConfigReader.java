package dev.liveupdate.config;

import dev.liveupdate.config.ConfigPaths.BadPath;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.RunXml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Converts the {@code <liveUpdate>} beans Maven bound into a validated {@link LiveUpdateConfig},
 * reporting every problem at once, each naming its XML path, what was expected and what was found:
 * {@code <liveUpdate><syncs><sync>[2]<to> must be an absolute container path, got 'app/api'}.
 *
 * <p>Rules beyond the obvious ones, and why:
 * <ul>
 *   <li><b>Syncs</b>: nested sources are allowed (declared first), destinations are directories
 *       the application owns and never overlap in a way that loses files; see
 *       {@link SyncReader} and {@link Destinations}.
 *   <li><b>Triggers</b> are Maven-style patterns relative to the module (see {@link PathPatterns}).
 *       Only synced files trigger run steps (Tilt: "files you sync must match paths Tilt is
 *       watching"), so a trigger's fixed prefix must lie inside some {@code <sync><from>}.
 *   <li><b>A run without triggers</b> runs after every live update, as in Tilt.
 *   <li><b>Optional target elements</b> that are blank count as absent.
 * </ul>
 */
public final class LiveUpdateConfigReader {

  static final String MISSING_LIVE_UPDATE = String.join(System.lineSeparator(),
      "<liveUpdate> is missing from the plugin's <configuration>: add it, for example",
      "  <liveUpdate>",
      "    <target><deployment>my-app</deployment></target>",
      "    <syncs><sync><from>src/main/resources</from><to>/app/resources</to></sync></syncs>",
      "  </liveUpdate>");

  private static final String RUN = "<liveUpdate><runs><run>";

  private LiveUpdateConfigReader() {}

  /**
   * Validates and converts {@code xml} for a goal that watches no files ({@code liveupdate:sync}):
   * the batching timings are the defaults ({@link LiveUpdateConfig#DEFAULT_QUIET_PERIOD},
   * {@link LiveUpdateConfig#DEFAULT_MAX_BATCH_WAIT}), which such a goal never uses.
   *
   * @throws InvalidConfigException listing every problem found
   */
  public static LiveUpdateConfig read(LiveUpdateXml xml, Path basedir, Path buildDir)
      throws InvalidConfigException {
    return read(xml, basedir, buildDir, LiveUpdateConfig.DEFAULT_QUIET_PERIOD,
        LiveUpdateConfig.DEFAULT_MAX_BATCH_WAIT);
  }

  /**
   * Validates and converts {@code xml}.
   *
   * @param xml          the bound {@code <liveUpdate>} parameter, null when the POM has none
   * @param basedir      the module's base directory; local paths are resolved against it
   * @param buildDir     the module's build directory ({@code target/})
   * @param quietPeriod  the {@code liveupdate.quietPeriod} parameter
   * @param maxBatchWait the {@code liveupdate.maxBatchWait} parameter
   * @throws InvalidConfigException listing every problem found
   */
  public static LiveUpdateConfig read(
      LiveUpdateXml xml, Path basedir, Path buildDir, Duration quietPeriod, Duration maxBatchWait)
      throws InvalidConfigException {
    Path base = Objects.requireNonNull(basedir, "basedir").toAbsolutePath().normalize();
    Path build = Objects.requireNonNull(buildDir, "buildDir").toAbsolutePath().normalize();
    List<String> problems = new ArrayList<>();
    checkTimings(quietPeriod, maxBatchWait, problems);
    if (xml == null) {
      problems.add(0, MISSING_LIVE_UPDATE);
      throw new InvalidConfigException(problems);
    }
    Target target = TargetReader.read(xml.getTarget(), problems);
    int before = problems.size();
    List<SyncRule> syncs = SyncReader.read(xml.getSyncs(), base, problems);
    boolean syncsUsable = problems.size() == before && !syncs.isEmpty();
    List<RunStep> runs = readRuns(xml.getRuns(), base, syncsUsable ? syncs : null, problems);
    List<String> fallBackOn = readPatterns(xml.getFallBackOn(), "<liveUpdate><fallBackOn><path>", base, problems);
    List<String> ignores = new ArrayList<>(
        readPatterns(xml.getIgnores(), "<liveUpdate><ignores><ignore>", base, problems));
    ignores.addAll(IgnoreFile.read(base, problems));
    Optional<ImageConfig> image = ImageConfigReader.read(xml.getImage(), base, problems);
    List<PortForward> forwards = PortForwardReader.read(xml.getPortForwards(), problems);
    List<Path> manifests = ManifestsReader.read(xml.getManifests(), base, problems);
    if (xml.getImage() != null && target != null && target.selector().isPresent()) {
      problems.add("<liveUpdate><image> needs <target><deployment>: a rebuild rolls the new image"
          + " out by setting that Deployment's image, and a <selector> names no Deployment;"
          + " target the Deployment instead, or drop <image> (changes that need a rebuild are"
          + " then reported), got <selector> " + Messages.quote(target.selector().get()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new LiveUpdateConfig(base, build, target, syncs, runs, fallBackOn, ignores,
        quietPeriod, maxBatchWait, image, Optional.empty(), forwards, manifests);
  }

  /**
   * Checks the goal parameters that stand in for {@code <target>} elements as those elements are
   * checked: {@code -Dliveupdate.namespace} must be a namespace name, as {@code <namespace>}.
   *
   * @param namespace the parameter's value; null or blank when not given
   * @return one problem per bad value, naming the parameter; empty when all are fine
   */
  public static List<String> checkTargetParameters(String namespace) {
    List<String> problems = new ArrayList<>();
    if (!isBlank(namespace)) {
      TargetReader.checkNamespace("liveupdate.namespace", namespace.trim(), problems);
    }
    return problems;
  }

  /**
   * Validates and converts the {@code <liveUpdate>} of a module whose syncs are inferred from
   * jib-maven-plugin (it has no {@code <syncs>}): {@code <target>} may name no workload (it is
   * then found by the image Jib pushes) or be absent; {@code <runs>}' triggers must lie in the
   * inferred syncs' sources; {@code <fallBackOn>} and {@code <ignores>} apply as written;
   * {@code <image>} is refused, since the module's own Jib builds the image.
   *
   * @param xml   the bound {@code <liveUpdate>}, null when the POM has none
   * @param syncs the inferred syncs
   * @param app   what the syncs mean for the app: where a change restarts it, what rebuilds
   * @throws InvalidConfigException listing every problem found
   */
  public static LiveUpdateConfig readInferred(LiveUpdateXml xml, Path basedir, Path buildDir,
      Duration quietPeriod, Duration maxBatchWait, List<SyncRule> syncs, JavaApp app)
      throws InvalidConfigException {
    Path base = Objects.requireNonNull(basedir, "basedir").toAbsolutePath().normalize();
    Path build = Objects.requireNonNull(buildDir, "buildDir").toAbsolutePath().normalize();
    LiveUpdateXml given = xml == null ? new LiveUpdateXml() : xml;
    if (!given.getSyncs().isEmpty()) {
      throw new IllegalArgumentException("<syncs> are configured: use read(), not readInferred()");
    }
    List<String> problems = new ArrayList<>();
    checkTimings(quietPeriod, maxBatchWait, problems);
    Target target = TargetReader.read(given.getTarget(), problems, true);
    List<RunStep> runs = readRuns(given.getRuns(), base, syncs, problems);
    List<String> fallBackOn = readPatterns(given.getFallBackOn(), "<liveUpdate><fallBackOn><path>",
        base, problems);
    List<String> ignores = new ArrayList<>(
        readPatterns(given.getIgnores(), "<liveUpdate><ignores><ignore>", base, problems));
    ignores.addAll(IgnoreFile.read(base, problems));
    List<PortForward> forwards = PortForwardReader.read(given.getPortForwards(), problems);
    List<Path> manifests = ManifestsReader.read(given.getManifests(), base, problems);
    if (given.getImage() != null) {
      problems.add("<liveUpdate><image> must be absent when the syncs are inferred from "
          + "jib-maven-plugin, got one: the module's own jib-maven-plugin builds the dev image; "
          + "remove <image>, or write <syncs> to configure everything yourself");
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
    return new LiveUpdateConfig(base, build, target, syncs, runs, fallBackOn, ignores,
        quietPeriod, maxBatchWait, Optional.empty(), Optional.of(app), forwards, manifests);
  }

  /** @param syncs the valid sync rules to check triggers against, or null to skip that check */
  private static List<RunStep> readRuns(
      List<RunXml> xmls, Path base, List<SyncRule> syncs, List<String> problems) {
    List<RunStep> steps = new ArrayList<>();
    for (int i = 0; i < xmls.size(); i++) {
      String where = RUN + "[" + (i + 1) + "]";
      RunXml xml = xmls.get(i) == null ? new RunXml() : xmls.get(i);
      String command = xml.getCommand() == null ? "" : xml.getCommand().trim();
      if (command.isEmpty()) {
        problems.add(where + "<command> must be a shell command to run in the container, got nothing");
      } else if (command.indexOf('\0') >= 0) {
        problems.add(where + "<command> must not contain NUL characters, got " + Messages.quote(command));
      }
      List<String> triggers = normalisePatterns(xml.getTriggers(), where + "<triggers><trigger>", base, problems);
      if (syncs != null) {
        checkTriggersSynced(xml.getTriggers(), triggers, where, base, syncs, problems);
      }
      steps.add(new RunStep(command, withoutNulls(triggers)));
    }
    return steps;
  }

  /** @param triggers normalised, aligned with {@code raws}; null where already reported */
  private static void checkTriggersSynced(List<String> raws, List<String> triggers, String where,
      Path base, List<SyncRule> syncs, List<String> problems) {
    for (int t = 0; t < triggers.size(); t++) {
      if (triggers.get(t) == null) {
        continue;
      }
      Path prefix = base.resolve(PathPatterns.fixedPrefix(triggers.get(t))).normalize();
      if (syncs.stream().noneMatch(sync -> sync.contains(prefix))) {
        String sources = syncs.stream()
            .map(sync -> Messages.quote(slashed(base.relativize(sync.from()))))
            .distinct().collect(Collectors.joining(", "));
        problems.add(where + "<triggers><trigger>[" + (t + 1) + "] must lie inside a <sync><from>"
            + " directory (" + sources + "): only synced files trigger a run, as in Tilt, got "
            + Messages.quote(raws.get(t)));
      }
    }
  }

  /** Module-relative patterns; adds a problem per blank or unusable item and leaves it out. */
  private static List<String> readPatterns(
      List<String> raws, String where, Path base, List<String> problems) {
    return withoutNulls(normalisePatterns(raws, where, base, problems));
  }

  /** Like {@link #readPatterns}, but keeps a null in place of each unusable item. */
  private static List<String> normalisePatterns(
      List<String> raws, String where, Path base, List<String> problems) {
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      String itemWhere = where + "[" + (i + 1) + "]";
      String raw = raws.get(i);
      String pattern = null;
      if (isBlank(raw)) {
        problems.add(itemWhere + " must be a path or pattern relative to the module, got nothing");
      } else {
        try {
          pattern = ConfigPaths.relativePattern(raw, base);
        } catch (BadPath bad) {
          problems.add(bad.describe(itemWhere, raw));
        }
      }
      patterns.add(pattern);
    }
    return patterns;
  }

  private static List<String> withoutNulls(List<String> values) {
    return values.stream().filter(Objects::nonNull).toList();
  }

  private static void checkTimings(Duration quietPeriod, Duration maxBatchWait, List<String> problems) {
    boolean quietOk = checkPositive("liveupdate.quietPeriod", quietPeriod, problems);
    boolean maxOk = checkPositive("liveupdate.maxBatchWait", maxBatchWait, problems);
    if (quietOk && maxOk && quietPeriod.compareTo(maxBatchWait) > 0) {
      problems.add("liveupdate.quietPeriod must not exceed liveupdate.maxBatchWait ("
          + millis(maxBatchWait) + "), got " + millis(quietPeriod));
    }
  }

  private static boolean checkPositive(String parameter, Duration value, List<String> problems) {
    if (value == null) {
      problems.add(parameter + " must be set (milliseconds), got nothing");
      return false;
    }
    if (value.isNegative() || value.isZero()) {
      problems.add(parameter + " must be greater than 0 ms, got " + millis(value));
      return false;
    }
    return true;
  }

  private static String millis(Duration duration) {
    return duration.toNanos() % 1_000_000 == 0 ? duration.toMillis() + " ms" : duration.toString();
  }

  private static String slashed(Path relative) {
    String path = relative.toString().replace('\\', '/');
    return path.isEmpty() ? "." : path;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
