package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import com.google.cloud.tools.jib.event.progress.ProgressEventHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Turns jib-core's events into {@link BuildEvent}s. */
final class JibEvents {

  private static final int PROGRESS_STEP = 10;

  private JibEvents() {}

  /**
   * Sends {@code containerizer}'s log and progress events to {@code listener}.
   *
   * @return reports 100 % when called: jib's own count stops short when pushes are skipped
   */
  static Runnable reportTo(Containerizer containerizer, BuildListener listener) {
    AtomicInteger lastStep = new AtomicInteger(-1);
    containerizer
        .addEventHandler(LogEvent.class, logTo(listener))
        .addEventHandler(ProgressEvent.class, new ProgressEventHandler(update -> {
          int percent = (int) Math.floor(Math.min(1.0, update.getProgress()) * 100);
          reportStep(percent / PROGRESS_STEP, lastStep, listener);
        }));
    return () -> reportStep(100 / PROGRESS_STEP, lastStep, listener);
  }

  /** Reports each step once, in order, whichever jib thread gets there first. */
  private static void reportStep(int step, AtomicInteger lastStep, BuildListener listener) {
    int last = lastStep.get();
    while (step > last) {
      if (lastStep.compareAndSet(last, step)) {
        listener.on(new BuildEvent.Progress(step * PROGRESS_STEP));
        return;
      }
      last = lastStep.get();
    }
  }

  /** A jib log consumer, as {@code CredentialRetrieverFactory} also takes. */
  static Consumer<LogEvent> logTo(BuildListener listener) {
    return event -> listener.on(new BuildEvent.Log(level(event.getLevel()), event.getMessage()));
  }

  private static BuildEvent.Level level(LogEvent.Level level) {
    return switch (level) {
      case ERROR -> BuildEvent.Level.ERROR;
      case WARN -> BuildEvent.Level.WARN;
      case LIFECYCLE -> BuildEvent.Level.LIFECYCLE;
      case PROGRESS -> BuildEvent.Level.PROGRESS;
      case INFO -> BuildEvent.Level.INFO;
      case DEBUG -> BuildEvent.Level.DEBUG;
    };
  }
}
