package dev.liveupdate.plan;

import dev.liveupdate.config.JavaApp;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.PathPatterns;
import dev.liveupdate.config.RunStep;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a batch of local changes into a {@link Plan}, following Tilt's live-update rules: a path
 * matching {@code <fallBackOn>} or no {@code <sync>} needs a rebuild; otherwise files are copied,
 * deleted paths removed, and the run steps whose triggers match are run.
 *
 * <p>With syncs inferred from jib-maven-plugin: a change to a POM ({@link JavaApp#rebuildOn})
 * needs a rebuild; a path inside a sync's source that no sync's filter takes is left out (Jib
 * leaves it out of the image too); a deleted path goes through every sync it may have fed
 * ({@link LiveUpdateConfig#syncsForDeleted}), never through one that does not own its
 * destination; and the plan says how the app reloads ({@link ReloadDecision}).
 */
public final class Planner {

  private final LiveUpdateConfig config;
  private final Optional<ReloadLadder> ladder;

  public Planner(LiveUpdateConfig config) {
    this(config, Optional.empty());
  }

  /** @param ladder the Java loop's reload ladder, which then decides how the app reloads */
  public Planner(LiveUpdateConfig config, Optional<ReloadLadder> ladder) {
    this.config = config;
    this.ladder = ladder;
  }

  /** The plan for a batch: a rebuild as soon as one path needs it, else a live update. */
  public Plan plan(ChangeBatch batch) {
    if (batch.isEmpty()) {
      return new Plan.Nothing();
    }
    for (Path path : paths(batch)) {
      Optional<String> reason = rebuildReason(path);
      if (reason.isPresent()) {
        return new Plan.Rebuild(reason.get());
      }
    }
    return livePart(batch);
  }

  /**
   * The live update of the paths of a batch that need no rebuild, leaving the others out. Used
   * while no rebuild can be made, so that synced changes still land.
   */
  public Plan livePart(ChangeBatch batch) {
    List<FileCopy> copies = new ArrayList<>();
    List<String> deletes = new ArrayList<>();
    List<String> touched = new ArrayList<>();
    for (Path path : batch.changed()) {
      Optional<SyncRule> rule = ruleFor(path);
      if (rebuildReason(path).isEmpty() && rule.isPresent()) { // else left out by the filters
        copies.add(new FileCopy(path, rule.get().from(), rule.get().containerPath(path)));
        touched.add(relative(path));
      }
    }
    for (Path path : batch.deleted()) {
      List<SyncRule> through = config.syncsForDeleted(path);
      if (rebuildReason(path).isEmpty() && !through.isEmpty()) {
        through.forEach(rule -> deletes.add(rule.containerPath(path)));
        touched.add(relative(path));
      }
    }
    if (touched.isEmpty()) {
      return new Plan.Nothing();
    }
    List<RunStep> runs =
        config.runs().stream().filter(run -> triggered(run, touched)).toList();
    Reload reload = ladder.isPresent() ? ladder.get().decide(config.javaApp(), copies, deletes)
        : ReloadDecision.decide(config.javaApp(),
            copies.stream().map(FileCopy::containerPath).toList(), deletes);
    return new Plan.LiveUpdate(copies, deletes, runs, reload);
  }

  /** The paths of a batch that a live update can express (no rebuild needed for them). */
  public ChangeBatch syncable(ChangeBatch batch) {
    return ChangeBatch.of(
        batch.changed().stream().filter(p -> rebuildReason(p).isEmpty())
            .collect(java.util.stream.Collectors.toSet()),
        batch.deleted().stream().filter(p -> rebuildReason(p).isEmpty())
            .collect(java.util.stream.Collectors.toSet()));
  }

  private static List<Path> paths(ChangeBatch batch) {
    List<Path> all = new ArrayList<>(batch.changed());
    all.addAll(batch.deleted());
    return all;
  }

  private Optional<String> rebuildReason(Path path) {
    String rel = relative(path);
    for (String pattern : config.fallBackOn()) {
      if (PathPatterns.matches(pattern, rel)) {
        return Optional.of(rel + " matches <fallBackOn> '" + pattern + "'");
      }
    }
    if (config.javaApp().isPresent() && config.javaApp().get().rebuildOn().contains(path)) {
      return Optional.of(rel + " changed: the dependencies or Jib's configuration may differ");
    }
    Optional<Path> source = config.sourceOf(path);
    if (source.isEmpty()) {
      return Optional.of(rel + " matches no <sync>");
    }
    if (path.equals(source.get())) {
      return Optional.of("sync source " + rel + " itself was deleted or replaced");
    }
    return Optional.empty();
  }

  /** The first declared sync containing the path; validation puts nested sources first. */
  private Optional<SyncRule> ruleFor(Path path) {
    return config.syncFor(path);
  }

  private static boolean triggered(RunStep run, List<String> touched) {
    if (run.triggers().isEmpty()) {
      return true;
    }
    return touched.stream()
        .anyMatch(rel -> run.triggers().stream().anyMatch(t -> PathPatterns.matches(t, rel)));
  }

  private String relative(Path path) {
    return config.relativePath(path);
  }
}
