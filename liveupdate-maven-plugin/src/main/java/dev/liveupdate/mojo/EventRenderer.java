package dev.liveupdate.mojo;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.plan.FileCopy;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/** Renders the engine's events to the Maven log, in the spirit of Tilt's live-update output. */
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
    if (event instanceof DevEvent.Watching e) {
      log.info("Watching " + e.roots().size() + " path(s) for " + e.target() + " (ready in "
          + e.startup().toMillis() + " ms: " + e.folders() + " folders, " + e.files()
          + " files). Edit a file; Ctrl-C stops.");
    } else if (event instanceof DevEvent.Warning e) {
      log.warn(e.message());
    } else if (event instanceof DevEvent.RebuildNeeded e) {
      log.warn("Needs a full rebuild: " + e.reason()
          + " (image rebuilds are not supported yet; synced changes are still applied)");
    } else if (event instanceof DevEvent.RebuildStarted e) {
      log.info("Rebuilding the image: " + e.reason());
    } else if (event instanceof DevEvent.RebuildProgress e) {
      if (e.warning()) {
        log.warn("  " + e.line());
      } else {
        log.info("  " + e.line());
      }
    } else if (event instanceof DevEvent.RebuildFinished e) {
      log.info("  → rolled out " + e.image() + " (image " + e.build().toMillis() + " ms, total "
          + e.total().toMillis() + " ms)");
    } else if (event instanceof DevEvent.RebuildFailed e) {
      log.error("Rebuild failed: " + e.reason() + " (the next change tries again)");
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
      String line = "[" + e.container().label() + "]   " + e.line();
      if (e.stderr()) {
        log.warn(line);
      } else {
        log.info(line);
      }
    } else if (event instanceof DevEvent.ContainerUpdated e) {
      log.info("  → container " + e.container().label() + " updated in " + e.took().toMillis()
          + " ms");
    } else if (event instanceof DevEvent.ContainerUpdateFailed e) {
      log.error("  → container " + e.container().label() + " NOT updated: " + e.reason()
          + (e.retried() ? " (will try again)" : ""));
    } else if (event instanceof DevEvent.SyncStarted e) {
      log.info("sync: comparing " + String.join(", ", e.destinations()) + " in "
          + e.containers() + " running container(s) of " + e.target());
    } else if (event instanceof DevEvent.ContainerSynced e) {
      renderSynced(e);
    } else if (event instanceof DevEvent.UpdateFinished e && e.failed() > 0) {
      log.error("Update failed in " + e.failed() + " of " + (e.updated() + e.failed())
          + " container(s)");
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
