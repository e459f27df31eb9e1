package dev.liveupdate.mojo;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.FileCopy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.shared.utils.logging.MessageBuilder;

/**
 * The lines of one update, of a rebuild and of a one-shot sync: a header in bold naming what
 * changed ({@code 1 file changed: api/app.py}), Tilt's copy lines, the run steps' output, each
 * container's outcome, and one total, green when every container took the update and red when
 * one did not.
 */
final class UpdateLines {

  private static final int LISTED_FILES = 20;
  private static final int NAMED_IN_HEADER = 3;

  private final Log log;
  private final Path basedir;
  private final Supplier<MessageBuilder> styles;

  UpdateLines(Log log, Path basedir, Supplier<MessageBuilder> styles) {
    this.log = log;
    this.basedir = basedir;
    this.styles = styles;
  }

  /** Renders an event of an update, rebuild or sync; false for any other. */
  boolean render(DevEvent event) {
    if (event instanceof DevEvent.UpdateStarted e) {
      renderStart(e);
    } else if (event instanceof DevEvent.RunStepStarted e) {
      log.info("[" + e.container().label() + "] [CMD " + e.index() + "/" + e.total() + "] sh -c "
          + e.command());
    } else if (event instanceof DevEvent.CommandOutput e) {
      line(e.stderr() ? DevEvent.Level.WARNING : DevEvent.Level.INFO,
          "[" + e.container().label() + "]   " + e.line());
    } else if (event instanceof DevEvent.ContainerUpdated e) {
      log.info(styles.get().success("  → container " + e.container().label() + " updated in "
          + e.took().toMillis() + " ms").build());
    } else if (event instanceof DevEvent.ContainerUpdateFailed e) {
      log.error(styles.get().failure("  → container " + e.container().label() + " NOT updated: "
          + e.reason() + (e.retried() ? " (will try again)" : "")).build());
      cause(e.cause());
    } else if (event instanceof DevEvent.UpdateFinished e) {
      int all = e.updated() + e.failed();
      if (e.failed() > 0) {
        log.error(styles.get().failure("Update failed in " + e.failed() + " of "
            + Plural.of(all, "container") + " (" + e.took().toMillis() + " ms)").build());
      } else {
        log.info(styles.get().success("Updated " + Plural.of(all, "container") + " in "
            + e.took().toMillis() + " ms").build());
      }
    } else if (event instanceof DevEvent.RebuildNeeded e) {
      log.warn("Needs a full rebuild: " + e.reason() + " (synced changes are still applied; "
          + e.remedy() + ")");
    } else if (event instanceof DevEvent.RebuildStarted e) {
      log.info(styles.get().strong("Rebuilding the image: " + e.reason()).build());
    } else if (event instanceof DevEvent.RebuildProgress e) {
      line(e.level(), "  " + e.line());
    } else if (event instanceof DevEvent.RebuildFinished e) {
      log.info(styles.get().success("  → rolled out " + e.image()).a(" (image "
          + e.build().toMillis() + " ms, total " + e.total().toMillis() + " ms)").build());
    } else if (event instanceof DevEvent.RebuildFailed e) {
      log.error(styles.get().failure("Rebuild failed: " + e.reason()
          + " (the next change tries again)").build());
      cause(e.cause());
    } else if (event instanceof DevEvent.SyncStarted e) {
      log.info("sync: comparing " + String.join(", ", e.destinations()) + " in "
          + e.containers() + " running container(s) of " + e.target());
    } else if (event instanceof DevEvent.ContainerSynced e) {
      renderSynced(e);
    } else {
      return false;
    }
    return true;
  }

  /**
   * {@code 2 files changed, 1 deleted in 2 containers: api/a.py, api/b.py, /app/api/old.txt}:
   * copies by their local path, deletions by their container path.
   */
  static String header(List<String> copied, List<String> deleted, int containers) {
    List<String> counts = new ArrayList<>();
    if (!copied.isEmpty() || deleted.isEmpty()) {
      counts.add(Plural.of(copied.size(), "file") + " changed");
    }
    if (!deleted.isEmpty()) {
      counts.add(deleted.size() + " deleted");
    }
    List<String> names = new ArrayList<>(copied);
    names.addAll(deleted);
    String named = String.join(", ", names.subList(0, Math.min(names.size(), NAMED_IN_HEADER)))
        + (names.size() > NAMED_IN_HEADER ? ", …" : "");
    return String.join(", ", counts)
        + (containers > 1 ? " in " + containers + " containers" : "")
        + (names.isEmpty() ? "" : ": " + named);
  }

  private void renderStart(DevEvent.UpdateStarted e) {
    if (e.catchUp()) {
      log.info("Bringing " + e.containers().stream().map(ContainerRef::label).toList()
          + " up to date: it started since, or missed an update");
    }
    List<String> copied = e.copies().stream().map(c -> local(c.local())).toList();
    log.info(styles.get().strong(header(copied, e.deletes(), e.containers().size())).build());
    List<FileCopy> copies = e.copies();
    for (int i = 0; i < Math.min(copies.size(), LISTED_FILES); i++) {
      FileCopy copy = copies.get(i);
      log.info("- '" + local(copy.local()) + "' --> '" + copy.containerPath() + "'");
    }
    if (copies.size() > LISTED_FILES) {
      log.info("- … and " + (copies.size() - LISTED_FILES) + " more");
    }
    for (String deleted : e.deletes()) {
      log.info("- delete '" + deleted + "'");
    }
  }

  private String local(Path file) {
    return file.startsWith(basedir) ? basedir.relativize(file).toString() : file.toString();
  }

  private void renderSynced(DevEvent.ContainerSynced e) {
    String where = " in " + e.container().label();
    if (e.copied() == 0 && e.deleted() == 0 && !e.rebuildNeeded()) {
      log.info(styles.get().success("sync: everything up to date" + where + " (" + e.upToDate()
          + " file(s))").build());
    } else {
      log.info(styles.get().success("sync: " + e.copied() + " file(s) copied, " + e.deleted()
          + " deleted, " + e.upToDate() + " up to date" + where).a(e.rebuildNeeded()
          ? "; the other differences need an image rebuild" : "").build());
    }
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
}
