package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times the stages of one update from the events the engine reports while it runs (the update's
 * threads report them; the dev loop reads the result once the update is over): {@code copy} from
 * an update's start to each container's first run step, or its end; {@code runs} from the first
 * run step to the container's end; the longest container counts. A rebuild gives {@code build}
 * (image build and push) and {@code rollout}; a restart of the app in place, {@code restart}.
 * Times are measured on the system's monotonic clock as the events arrive.
 */
public final class StageTimes implements DevListener {

  private long updateStart;
  private final java.util.Map<String, Long> runsStart = new java.util.HashMap<>();
  private Duration copy;
  private Duration runs;
  private Duration restart;
  private Duration build;
  private Duration rollout;
  private boolean ranSteps;
  private String rebuildReason;

  @Override
  public synchronized void on(DevEvent event) {
    long now = System.nanoTime();
    if (event instanceof DevEvent.UpdateStarted) {
      if (updateStart == 0) {
        updateStart = now;
      }
    } else if (event instanceof DevEvent.RunStepStarted e) {
      ranSteps = true;
      if (runsStart.putIfAbsent(e.container().containerId(), now) == null) {
        copy = longest(copy, Duration.ofNanos(now - updateStart));
      }
    } else if (event instanceof DevEvent.ContainerUpdated e
        || event instanceof DevEvent.ContainerUpdateFailed) {
      String id = event instanceof DevEvent.ContainerUpdated u ? u.container().containerId()
          : ((DevEvent.ContainerUpdateFailed) event).container().containerId();
      Long stepsBegan = runsStart.get(id);
      if (stepsBegan != null) {
        runs = longest(runs, Duration.ofNanos(now - stepsBegan));
      } else if (updateStart != 0) {
        copy = longest(copy, Duration.ofNanos(now - updateStart));
      }
    } else if (event instanceof DevEvent.AppRestarted e) {
      restart = longest(restart, Duration.ofMillis(e.millis()));
    } else if (event instanceof DevEvent.RebuildFinished e) {
      build = e.build();
      rollout = e.total().minus(e.build());
    } else if (event instanceof DevEvent.RebuildStarted e) {
      rebuildReason = e.reason();
    }
  }

  private static Duration longest(Duration known, Duration next) {
    return known == null || next.compareTo(known) > 0 ? next : known;
  }

  /** The path the update took, as said in its summary. */
  synchronized String path() {
    List<String> parts = new ArrayList<>();
    if (copy != null || runs != null) {
      parts.add("live update");
    }
    if (ranSteps) {
      parts.add("run steps");
    }
    if (restart != null) {
      parts.add("restart");
    }
    if (rebuildReason != null) {
      parts.add("rebuild (" + rebuildReason + ")");
    }
    return parts.isEmpty() ? "nothing to send" : String.join(" + ", parts);
  }

  /** The stages measured since the last {@link #reset()}, in their order. */
  synchronized List<DevEvent.Stage> stages() {
    List<DevEvent.Stage> stages = new ArrayList<>();
    add(stages, "copy", copy);
    add(stages, "restart", restart);
    add(stages, "runs", runs);
    add(stages, "build", build);
    add(stages, "rollout", rollout);
    return stages;
  }

  private static void add(List<DevEvent.Stage> stages, String name, Duration took) {
    if (took != null) {
      stages.add(new DevEvent.Stage(name, took));
    }
  }

  /** A new update begins. */
  synchronized void reset() {
    updateStart = 0;
    runsStart.clear();
    copy = null;
    runs = null;
    restart = null;
    build = null;
    rollout = null;
    ranSteps = false;
    rebuildReason = null;
  }
}
