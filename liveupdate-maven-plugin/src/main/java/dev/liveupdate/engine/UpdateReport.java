package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the dev loop says about one update beyond its own events: the changes by name (for the
 * pending list of manual trigger mode) and the one-line {@link DevEvent.UpdateSummary}, with the
 * watcher's {@code detect} time, the loop's {@code plan} time and the stages {@link StageTimes}
 * measured from the events.
 */
final class UpdateReport {

  private static final int NAMED = 3;

  private final Path basedir;
  private StageTimes stages = new StageTimes();
  private Supplier<Optional<Duration>> detectTime = Optional::empty;
  private long planNanos;

  UpdateReport(Path basedir) {
    this.basedir = basedir;
  }

  void timedBy(StageTimes stageTimes, Supplier<Optional<Duration>> detect) {
    this.stages = stageTimes;
    this.detectTime = detect;
  }

  /** How long the watcher took to deliver the batch that just arrived, if it knows. */
  Optional<Duration> detected() {
    return detectTime.get();
  }

  /** An update begins: nothing of it is timed yet. */
  void begin() {
    stages.reset();
    planNanos = 0;
  }

  /** Deciding what to send took this long, since {@code beganNanos}. */
  void planned(long beganNanos) {
    planNanos += System.nanoTime() - beganNanos;
  }

  /**
   * The update's summary.
   *
   * @param changed       what changed, as {@link #describe} says it
   * @param fullSync      whether Enter asked for a full sync
   */
  DevEvent.UpdateSummary summary(String changed, boolean fullSync, boolean ok,
      Optional<Duration> detect) {
    List<DevEvent.Stage> timed = new ArrayList<>();
    detect.ifPresent(d -> timed.add(new DevEvent.Stage("detect", d)));
    timed.add(new DevEvent.Stage("plan", Duration.ofNanos(planNanos)));
    timed.addAll(stages.stages());
    return new DevEvent.UpdateSummary(changed, fullSync ? "full sync"
        : stages.path(), ok, timed);
  }

  /** The changes' local paths, relative to the module where they are in it. */
  List<String> names(ChangeBatch batch) {
    List<String> names = new ArrayList<>();
    for (Path path : batch.changed()) {
      names.add(relative(path));
    }
    for (Path path : batch.deleted()) {
      names.add(relative(path) + " (deleted)");
    }
    return names;
  }

  /** {@code 2 changes: api/app.py, api/b.py}, for the summary. */
  String describe(ChangeBatch batch) {
    List<String> names = names(batch);
    String listed = String.join(", ", names.subList(0, Math.min(NAMED, names.size())))
        + (names.size() > NAMED ? ", …" : "");
    return names.size() + (names.size() == 1 ? " change: " : " changes: ") + listed;
  }

  private String relative(Path path) {
    return path.startsWith(basedir) ? basedir.relativize(path).toString() : path.toString();
  }
}
