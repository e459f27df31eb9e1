package dev.liveupdate.engine;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.event.DevEvent.Level;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.image.BuildEvent;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.image.ImageBuilder;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import java.time.Duration;

/**
 * The fallback when a change cannot be live-updated: build the image (with jib-core from
 * {@code <image>}, or the dev image of a Jib module), push it, roll the Deployment to it by
 * digest, and wait for the rollout.
 */
public final class Rebuilder {

  /** Builds and pushes the image to roll out. */
  @FunctionalInterface
  public interface ImageSource {
    /**
     * @param progress receives the build's events
     * @return the pushed image by digest, {@code registry/repository@sha256:…}
     */
    String build(BuildListener progress) throws ImageBuildException, InterruptedException;
  }

  private final ImageSource source;
  private final boolean allowInsecureRegistries;
  private final Cluster cluster;
  private final DevListener listener;
  private final Duration rolloutTimeout;
  private volatile ProgressTicker ticker;

  /** The rebuild of {@code <image>}, with jib-core. */
  public Rebuilder(ImageConfig image, IgnoreRules ignores, ImageBuilder builder, Cluster cluster,
      DevListener listener, Duration rolloutTimeout) {
    this(progress -> builder.build(image, ignores, progress).byDigest(),
        image.allowInsecureRegistries(), cluster, listener, rolloutTimeout);
  }

  /** The rebuild of an image {@code source} builds (a Jib module's dev image). */
  public Rebuilder(ImageSource source, boolean allowInsecureRegistries, Cluster cluster,
      DevListener listener, Duration rolloutTimeout) {
    this.source = source;
    this.allowInsecureRegistries = allowInsecureRegistries;
    this.cluster = cluster;
    this.listener = listener;
    this.rolloutTimeout = rolloutTimeout;
  }

  /** Rebuilds and rolls out; false, after reporting why, when that failed. */
  public boolean rebuild(String reason) throws InterruptedException {
    listener.on(new DevEvent.RebuildStarted(reason));
    try (ProgressTicker ticker = new ProgressTicker(listener, "building the image")) {
      this.ticker = ticker;
      return buildAndRollOut(ticker);
    } finally {
      this.ticker = null;
    }
  }

  private boolean buildAndRollOut(ProgressTicker ticker) throws InterruptedException {
    long start = System.nanoTime();
    String built;
    try {
      built = source.build(this::progress);
    } catch (ImageBuildException e) {
      listener.on(new DevEvent.RebuildFailed(e.getMessage(), e));
      return false;
    }
    Duration build = Duration.ofNanos(System.nanoTime() - start);
    ticker.now("rolling out");
    ticker.said();
    listener.on(new DevEvent.RebuildProgress("pushed " + built + " in "
        + build.toMillis() + " ms; rolling out", Level.INFO));
    try {
      cluster.rollOut(built, rolloutTimeout, line -> {
        ticker.said();
        listener.on(new DevEvent.RebuildProgress(line, Level.INFO));
      });
    } catch (ClusterException e) {
      listener.on(new DevEvent.RebuildFailed(e.getMessage(), e));
      return false;
    }
    listener.on(new DevEvent.RebuildFinished(built, build,
        Duration.ofNanos(System.nanoTime() - start)));
    return true;
  }

  private void progress(BuildEvent event) {
    ProgressTicker current = ticker;
    if (current != null && event instanceof BuildEvent.Log log
        && log.level() == BuildEvent.Level.LIFECYCLE) {
      current.said();
    }
    if (event instanceof BuildEvent.Log log) {
      if (allowInsecureRegistries && log.message().contains("Attempting again with")) {
        return; // jib falling back to HTTP: what <allowInsecureRegistries> asked for
      }
      switch (log.level()) {
        case ERROR -> listener.on(new DevEvent.RebuildProgress(log.message(), Level.ERROR));
        case WARN -> listener.on(new DevEvent.RebuildProgress(log.message(), Level.WARNING));
        case LIFECYCLE -> listener.on(new DevEvent.RebuildProgress(log.message(), Level.INFO));
        default -> { } // PROGRESS, INFO and DEBUG: every step and file; too much for the console
      }
    } else if (event instanceof BuildEvent.FileSkipped skipped) {
      listener.on(new DevEvent.RebuildProgress(skipped.file() + " left out of the image: "
          + skipped.reason(), Level.WARNING));
    }
  }
}
