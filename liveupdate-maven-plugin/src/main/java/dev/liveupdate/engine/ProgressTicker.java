package dev.liveupdate.engine;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps long work visible: while a rebuild runs, a line with the elapsed time is reported
 * whenever the work itself said nothing for {@link #QUIET} ({@code still building the image:
 * 6 s}), so the console shows progress at least every two seconds however quiet the image build,
 * the push or the rollout is.
 */
final class ProgressTicker implements AutoCloseable {

  static final Duration QUIET = Duration.ofSeconds(2);

  private final DevListener listener;
  private final long began = System.nanoTime();
  private final ScheduledExecutorService timer;
  private volatile long lastLine = System.nanoTime();
  private volatile String doing;

  ProgressTicker(DevListener listener, String doing) {
    this.listener = listener;
    this.doing = doing;
    this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "liveupdate-progress");
      thread.setDaemon(true);
      return thread;
    });
    timer.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
  }

  /** The work reported a line of its own. */
  void said() {
    lastLine = System.nanoTime();
  }

  /** The work moved on to {@code next} ({@code rolling out}). */
  void now(String next) {
    doing = next;
  }

  private void tick() {
    long now = System.nanoTime();
    if (now - lastLine >= QUIET.toNanos()) {
      lastLine = now;
      listener.on(new DevEvent.RebuildProgress("still " + doing + ": "
          + Duration.ofNanos(now - began).toSeconds() + " s", DevEvent.Level.INFO));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
