package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Passes every event on, and keeps one line per failure of the session, so a bounded run can fail
 * naming each and Ctrl-C can list them. A failure is every event the renderer shows as an error
 * (a container not updated, a failed rebuild, an error of the image build, a failed start-up
 * sync), and what left changes unapplied though not an error: a rebuild needed and not made, a
 * start-up sync skipped because the target was not ready. {@code EventRendererTest} checks that
 * every event rendered as an error is one of these.
 */
public final class RunProblems implements DevListener {

  private final DevListener next;
  private final Set<String> lines = new LinkedHashSet<>();
  private String rebuildReason = "";
  private int rebuilds;
  private boolean unreachableSeen;
  private final StageTimes stages = new StageTimes();

  public RunProblems(DevListener next) {
    this.next = next;
  }

  @Override
  public void on(DevEvent event) {
    synchronized (this) {
      if (event instanceof DevEvent.RebuildStarted e) {
        rebuildReason = e.reason();
      } else if (event instanceof DevEvent.RebuildFinished) {
        rebuilds++;
      } else if (event instanceof DevEvent.ClusterUnavailable
          || event instanceof DevEvent.NotReady) {
        unreachableSeen = true;
      }
      problem(event, rebuildReason).ifPresent(lines::add);
    }
    stages.on(event);
    next.on(event);
  }

  /** Times each update's stages from the events passing here, for the update's summary. */
  public StageTimes stages() {
    return stages;
  }

  /**
   * The line an event adds to the session's failures, if it is one.
   *
   * @param rebuildReason why the latest rebuild was started, said with its failure
   */
  public static Optional<String> problem(DevEvent event, String rebuildReason) {
    if (event instanceof DevEvent.ContainerUpdateFailed e) {
      return Optional.of(e.container().label() + ": " + e.reason());
    } else if (event instanceof DevEvent.RebuildFailed e) {
      return Optional.of("rebuild failed (" + rebuildReason + "): " + e.reason());
    } else if (event instanceof DevEvent.RebuildProgress e && e.level() == DevEvent.Level.ERROR) {
      return Optional.of("image build: " + e.line());
    } else if (event instanceof DevEvent.RebuildNeeded e) {
      return Optional.of("needs a full rebuild: " + e.reason());
    } else if (event instanceof DevEvent.StartupSyncFailed e) {
      return Optional.of("start-up sync failed: " + e.reason());
    } else if (event instanceof DevEvent.CompileFailed e) {
      String first = e.errors().lines().findFirst().orElse("");
      return Optional.of("compilation failed" + (first.isEmpty() ? "" : ": " + first));
    } else if (event instanceof DevEvent.AppRestarted e && !e.status().equals("ok")) {
      return Optional.of(e.container().label() + ": the app's restart ended '" + e.status()
          + "': " + e.message());
    } else if (event instanceof DevEvent.NotReady e && e.startupSyncSkipped()) {
      return Optional.of("start-up sync skipped: " + e.waitingFor());
    }
    return Optional.empty();
  }

  /** Adds a failure no event carried (a target still unreachable when the run ended). */
  public synchronized void add(String line) {
    lines.add(line);
  }

  public synchronized int size() {
    return lines.size();
  }

  public synchronized int rebuilds() {
    return rebuilds;
  }

  /** Whether the cluster or target was out of reach at some point. */
  public synchronized boolean unreachableSeen() {
    return unreachableSeen;
  }

  /**
   * Every failure: these lines, then those of the loop no event carried (the loop's own lines
   * for a failed container or rebuild repeat or start one of these, and are left out).
   */
  public synchronized List<String> merged(List<String> loopFailures) {
    List<String> all = new ArrayList<>(lines);
    for (String failure : loopFailures) {
      boolean said = lines.stream().anyMatch(l -> l.equals(failure)
          || l.startsWith(failure + ":"));
      if (!said && !all.contains(failure)) {
        all.add(failure);
      }
    }
    return all;
  }
}
