package dev.liveupdate.it.bench;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rung of the reload ladder an update took, as the plugin prints it per container (never
 * assumed from the kind of edit): {@code → pod/app: hot-swapped 1 class(es) in 40 ms} is L0, a
 * Spring Boot DevTools restart L1, {@code → pod/app: restarted app in 812 ms: …} L2, and
 * {@code → rolled out …} (a rebuild and rollout) L3. The L0 and L1 wordings are those the reload
 * ladder (issue 13) is to print; a line of neither kind is not mistaken for one.
 */
enum ReloadLevel {
  L0("hot-swap", "hot-swapped \\d+ class(?:es|\\(es\\))? in (\\d+) ms"),
  L1("Spring Boot DevTools restart", "(?i)(?=.*devtools).*?(\\d+) ms"),
  L2("process restart", "restarted app in (\\d+) ms"),
  L3("rebuild + rollout", "→ rolled out \\S+ \\(image \\d+ ms, total (\\d+) ms\\)");

  /** A level line: the level and the milliseconds it reports for itself. */
  record Seen(ReloadLevel level, double reportedMs) {}

  private final String description;
  private final Pattern pattern;

  ReloadLevel(String description, String regex) {
    this.description = description;
    this.pattern = Pattern.compile(regex);
  }

  String description() {
    return description;
  }

  private static final Pattern NOT_READY =
      Pattern.compile("the app's restart did not succeed \\(notready after (\\d+) ms\\)");

  /**
   * A restart the supervisor gave up waiting for ({@code --ready-timeout}, the app left running,
   * as on a machine too loaded for the app to start in time): L2, or L1 when the line names
   * DevTools, with the time the supervisor waited. The save is still timed until it is served.
   */
  static Optional<Seen> notReady(String line) {
    Matcher m = NOT_READY.matcher(line);
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(new Seen(line.toLowerCase(java.util.Locale.ROOT).contains("devtools")
        ? L1 : L2, Double.parseDouble(m.group(1))));
  }

  /** The level a line of the plugin reports, if it reports one; checked from L0 up. */
  static Optional<Seen> in(String line) {
    for (ReloadLevel level : values()) {
      Matcher m = level.pattern.matcher(line);
      if (m.find()) {
        return Optional.of(new Seen(level, Double.parseDouble(m.group(1))));
      }
    }
    return Optional.empty();
  }
}
