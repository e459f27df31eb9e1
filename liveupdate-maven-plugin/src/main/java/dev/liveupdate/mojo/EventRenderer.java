package dev.liveupdate.mojo;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.shared.utils.logging.MessageBuilder;
import org.apache.maven.shared.utils.logging.MessageUtils;

/**
 * Renders the engine's events to the Maven log, in the spirit of Tilt's live-update output. Every
 * {@link DevEvent} type has a rendering ({@code EventRendererTest} fails for one that has none);
 * the failure behind an event, where it has one, is logged with its stack at debug level
 * ({@code -X}). Colour and emphasis go through Maven's own {@link MessageUtils}, so {@code -B} and
 * {@code -Dstyle.color} apply as to Maven's lines: a header in bold per update, success in green,
 * failure in red. The lines of an update are {@link UpdateLines}'.
 */
final class EventRenderer implements DevListener {

  private final Log log;
  private final String goal;
  private final Supplier<MessageBuilder> styles;
  private final UpdateLines updates;
  private final ConsoleLines console;

  /**
   * @param goal how the goal is named in its summary ({@code liveupdate:dev (api)})
   */
  EventRenderer(Log log, Path basedir, String goal) {
    this(log, basedir, goal, MessageUtils::buffer);
  }

  /** With the styles of a test. */
  EventRenderer(Log log, Path basedir, String goal, Supplier<MessageBuilder> styles) {
    this.log = log;
    this.goal = goal;
    this.styles = styles;
    this.updates = new UpdateLines(log, basedir, styles);
    this.console = new ConsoleLines(log, styles);
  }

  @Override
  public synchronized void on(DevEvent event) {
    if (!render(event)) {
      log.debug("liveupdate event: " + event);
    }
  }

  /** A line of the goal's own, said as the events are. */
  synchronized void info(String line) {
    log.info(line);
  }

  /** Renders one event; false for a type without a rendering (a bug a test catches). */
  boolean render(DevEvent event) {
    if (updates.render(event) || console.render(event)) {
      return true;
    }
    if (event instanceof DevEvent.Connecting e) {
      log.info("Connecting to " + e.server() + " (context " + e.context() + ", namespace "
          + e.namespace() + ")");
    } else if (event instanceof DevEvent.Watching e) {
      log.info(styles.get().success("Watching " + Plural.of(e.roots().size(), "path") + " for "
          + e.target()).a(" (ready in " + e.startup().toMillis() + " ms; "
          + Plural.of(e.folders(), "folder") + ", " + Plural.of(e.files(), "file")
          + " watched in " + e.watcher().toMillis() + " ms). Edit a file; Ctrl-C stops.")
          .build());
    } else if (event instanceof DevEvent.NotReady e) {
      log.warn("Not ready yet: " + sentence(e.waitingFor()) + " Changes are kept and applied"
          + " once a container runs" + (e.startupSyncSkipped() ? "; the start-up sync was"
          + " skipped: run liveupdate:sync (or restart liveupdate:dev) once one runs, so that"
          + " edits made while liveupdate:dev was not running land" : ""));
    } else if (event instanceof DevEvent.StartupSyncFailed e) {
      log.error(styles.get().failure("Start-up sync failed: " + e.reason()).build());
      cause(e.cause());
    } else if (event instanceof DevEvent.SessionEnded e) {
      renderEnd(e);
    } else if (event instanceof DevEvent.Warning e) {
      log.warn(e.message());
      cause(e.cause());
    } else if (event instanceof DevEvent.Diagnostic e) {
      if (log.isDebugEnabled()) {
        log.debug(e.message(), e.cause());
      }
    } else if (event instanceof DevEvent.NoRunningContainers e) {
      String changes = Plural.of(e.pendingChanges(), "change") + " kept, applied once a"
          + " container runs";
      log.warn(sentence(e.waitingFor().isBlank() ? "No running container of " + e.target()
          : e.waitingFor()) + " " + changes);
    } else if (event instanceof DevEvent.ClusterUnavailable e) {
      log.warn(sentence(e.reason()) + " Waiting for it: next try in " + e.retryIn().toSeconds()
          + " s");
    } else if (event instanceof DevEvent.TargetFound e) {
      log.info("Target: " + e.workload() + ", container " + e.container() + ", which runs "
          + e.image() + " (the repository jib-maven-plugin pushes " + e.jibImage() + " to)");
    } else if (event instanceof DevEvent.Compiled e) {
      log.info((e.sources() == 0 ? "Copied resources" : "Compiled " + Plural.of(e.sources(),
          "source file")) + " in " + e.took().toMillis() + " ms: " + Plural.of(e.written(), "file")
          + " written, " + e.deleted() + " deleted in target/classes"
          + (e.note().isEmpty() ? "" : " (" + e.note() + ")"));
    } else if (event instanceof DevEvent.CompileFailed e) {
      log.error(styles.get().failure("Compilation failed; nothing is synced until the sources"
          + " compile:").build());
      e.errors().lines().forEach(log::error);
    } else if (event instanceof DevEvent.AppRestarted e) {
      renderRestart(e);
    } else if (event instanceof DevEvent.ReloadEscalated e) {
      log.info("  → " + e.container().label() + ": " + e.rung() + " (" + e.why() + "), escalating");
    } else {
      return false;
    }
    return true;
  }

  /**
   * The session's summary: updates, rebuilds and problems, for a bounded run and for Ctrl-C
   * alike. Stopped, the problems are listed here; a bounded run lists them in the build failure.
   */
  private void renderEnd(DevEvent.SessionEnded e) {
    String counts = goal + (e.stopped() ? " stopped: " : " ended: ")
        + Plural.of(e.updates(), "update") + ", " + Plural.of(e.rebuilds(), "rebuild") + ", ";
    if (e.problems().isEmpty()) {
      log.info(styles.get().success(counts + "all applied").build());
      return;
    }
    String problems = Plural.of(e.problems().size(), "problem");
    if (!e.stopped()) {
      log.error(styles.get().failure(counts + problems + " (listed in the build failure)")
          .build());
      return;
    }
    log.error(styles.get().failure(counts + problems + ":").build());
    e.problems().forEach(p -> log.error("  " + p));
  }

  /** The text, ended as a sentence: a full stop unless it ends with one or a question mark. */
  static String sentence(String text) {
    return text.endsWith(".") || text.endsWith("?") || text.endsWith("!") ? text : text + ".";
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
      case "ok" -> log.info(styles.get().success(where + e.message()).build());
      case "crashed" -> log.error(where + "the app crashed on its restart, after " + e.millis()
          + " ms (" + e.message() + "): the new code broke it; its output is in the pod's log. "
          + "Fix it and save: the next update restarts it");
      case "unavailable" -> log.error(where + "the app could not be restarted: " + e.message()
          + " (the container does not run the dev image; restart liveupdate:dev to roll it out)");
      default -> log.error(where + "the app's restart did not succeed (" + e.status() + " after "
          + e.millis() + " ms): " + e.message());
    }
  }
}
