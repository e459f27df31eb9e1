package dev.liveupdate.mojo;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.plan.FileCopy;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * Renders the engine's events to the Maven log, in the spirit of Tilt's live-update output. Every
 * {@link DevEvent} type has a rendering ({@code EventRendererTest} fails for one that has none);
 * the failure behind an event, where it has one, is logged with its stack at debug level
 * ({@code -X}).
 */
final class EventRenderer implements DevListener {

  private static final int LISTED_FILES = 20;

  private final Log log;
  private final Path basedir;

  EventRenderer(Log log, Path basedir) {
    this.log = log;
    this.basedir = basedir;
  }

  /** A line of the mojo's own, in order with the events. */
  synchronized void info(String line) {
    log.info(line);
  }

  @Override
  public synchronized void on(DevEvent event) {
    if (!render(event)) {
      log.debug("liveupdate event: " + event);
    }
  }

  /** Renders one event; false for a type without a rendering (a bug a test catches). */
  boolean render(DevEvent event) {
    if (event instanceof DevEvent.Watching e) {
      log.info("Watching " + e.roots().size() + " path(s) for " + e.target() + " (ready in "
          + e.startup().toMillis() + " ms: " + e.folders() + " folders, " + e.files()
          + " files). Edit a file; Ctrl-C stops.");
    } else if (event instanceof DevEvent.Warning e) {
      log.warn(e.message());
      cause(e.cause());
    } else if (event instanceof DevEvent.Diagnostic e) {
      if (log.isDebugEnabled()) {
        log.debug(e.message(), e.cause());
      }
    } else if (event instanceof DevEvent.RebuildNeeded e) {
      log.warn("Needs a full rebuild: " + e.reason() + " (synced changes are still applied; "
          + e.remedy() + ")");
    } else if (event instanceof DevEvent.RebuildStarted e) {
      log.info("Rebuilding the image: " + e.reason());
    } else if (event instanceof DevEvent.RebuildProgress e) {
      line(e.level(), "  " + e.line());
    } else if (event instanceof DevEvent.RebuildFinished e) {
      log.info("  → rolled out " + e.image() + " (image " + e.build().toMillis() + " ms, total "
          + e.total().toMillis() + " ms)");
    } else if (event instanceof DevEvent.RebuildFailed e) {
      log.error("Rebuild failed: " + e.reason() + " (the next change tries again)");
      cause(e.cause());
    } else if (event instanceof DevEvent.NoRunningContainers e) {
      log.warn("No running container of " + e.target() + "; " + e.pendingChanges()
          + " change(s) kept and tried again");
    } else if (event instanceof DevEvent.ClusterUnavailable e) {
      log.warn(e.reason() + "; trying again in " + e.retryIn().toSeconds() + " s");
    } else if (event instanceof DevEvent.UpdateStarted e) {
      renderStart(e);
    } else if (event instanceof DevEvent.RunStepStarted e) {
      log.info("[" + e.container().label() + "] [CMD " + e.index() + "/" + e.total() + "] sh -c "
          + e.command());
    } else if (event instanceof DevEvent.CommandOutput e) {
      line(e.stderr() ? DevEvent.Level.WARNING : DevEvent.Level.INFO,
          "[" + e.container().label() + "]   " + e.line());
    } else if (event instanceof DevEvent.ContainerUpdated e) {
      log.info("  → container " + e.container().label() + " updated in " + e.took().toMillis()
          + " ms");
    } else if (event instanceof DevEvent.ContainerUpdateFailed e) {
      log.error("  → container " + e.container().label() + " NOT updated: " + e.reason()
          + (e.retried() ? " (will try again)" : ""));
      cause(e.cause());
    } else if (event instanceof DevEvent.SyncStarted e) {
      log.info("sync: comparing " + String.join(", ", e.destinations()) + " in "
          + e.containers() + " running container(s) of " + e.target());
    } else if (event instanceof DevEvent.ContainerSynced e) {
      renderSynced(e);
    } else if (event instanceof DevEvent.TargetFound e) {
      log.info("Target: " + e.workload() + ", container " + e.container() + ", which runs "
          + e.image() + " (the repository jib-maven-plugin pushes " + e.jibImage() + " to)");
    } else if (event instanceof DevEvent.Compiled e) {
      log.info((e.sources() == 0 ? "Copied resources" : "Compiled " + e.sources()
          + " source file(s)") + " in " + e.took().toMillis() + " ms: " + e.written()
          + " file(s) written, " + e.deleted() + " deleted in target/classes"
          + (e.note().isEmpty() ? "" : " (" + e.note() + ")"));
    } else if (event instanceof DevEvent.CompileFailed e) {
      log.error("Compilation failed; nothing is synced until the sources compile:");
      e.errors().lines().forEach(log::error);
    } else if (event instanceof DevEvent.AppRestarted e) {
      renderRestart(e);
    } else if (event instanceof DevEvent.UpdateFinished e) {
      if (e.failed() > 0) {
        log.error("Update failed in " + e.failed() + " of " + (e.updated() + e.failed())
            + " container(s)");
      } else {
        log.debug("Update finished in " + e.updated() + " container(s) in " + e.took().toMillis()
            + " ms");
      }
    } else {
      return false;
    }
    return true;
  }

  private void line(DevEvent.Level level, String line) {
    switch (level) {
      case ERROR -> log.error(line);
      case WARNING -> log.warn(line);
      case INFO -> log.info(line);
    }
  }

  /** The failure behind an event, with its stack, for {@code -X}. */
  private void cause(Throwable cause) {
    if (cause != null && log.isDebugEnabled()) {
      log.debug("caused by:", cause);
    }
  }

  private void renderRestart(DevEvent.AppRestarted e) {
    String where = "  → " + e.container().label() + ": ";
    switch (e.status()) {
      case "ok" -> log.info(where + e.message());
      case "crashed" -> log.error(where + "the app crashed on its restart, after " + e.millis()
          + " ms (" + e.message() + "): the new code broke it; its output is in the pod's log. "
          + "Fix it and save: the next update restarts it");
      case "unavailable" -> log.error(where + "the app could not be restarted: " + e.message()
          + " (the container does not run the dev image; restart liveupdate:dev to roll it out)");
      default -> log.error(where + "the app's restart did not succeed (" + e.status() + " after "
          + e.millis() + " ms): " + e.message());
    }
  }

  private void renderSynced(DevEvent.ContainerSynced e) {
    String where = " in " + e.container().label();
    if (e.copied() == 0 && e.deleted() == 0 && !e.rebuildNeeded()) {
      log.info("sync: everything up to date" + where + " (" + e.upToDate() + " file(s))");
    } else {
      log.info("sync: " + e.copied() + " file(s) copied, " + e.deleted() + " deleted, "
          + e.upToDate() + " up to date" + where
          + (e.rebuildNeeded() ? "; the other differences need an image rebuild" : ""));
    }
  }

  private void renderStart(DevEvent.UpdateStarted e) {
    if (e.catchUp()) {
      log.info("Bringing " + e.containers().stream().map(c -> c.label()).toList()
          + " up to date with everything synced since the image was built");
    }
    log.info("Will copy " + e.copies().size() + " file(s)"
        + (e.deletes().isEmpty() ? "" : " and delete " + e.deletes().size() + " path(s)")
        + " in " + e.containers().size() + " container(s)");
    List<FileCopy> copies = e.copies();
    for (int i = 0; i < Math.min(copies.size(), LISTED_FILES); i++) {
      FileCopy copy = copies.get(i);
      log.info("- '" + basedir.relativize(copy.local()) + "' --> '" + copy.containerPath() + "'");
    }
    if (copies.size() > LISTED_FILES) {
      log.info("- … and " + (copies.size() - LISTED_FILES) + " more");
    }
    for (String deleted : e.deletes()) {
      log.info("- delete '" + deleted + "'");
    }
  }
}
