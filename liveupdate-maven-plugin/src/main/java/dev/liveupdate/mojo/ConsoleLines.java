package dev.liveupdate.mojo;

import dev.liveupdate.event.DevEvent;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.maven.plugin.logging.Log;
import org.apache.maven.shared.utils.logging.MessageBuilder;

/**
 * The lines of the dev loop's console beyond the updates themselves: the app's log lines with
 * their pod in a fixed-width column (as Tilt puts the resource name), the port-forwards, the
 * changes waiting for Enter in manual trigger mode, and one summary line per update with the
 * time of each stage.
 */
final class ConsoleLines {

  /** The width of the pod column in front of each log line. */
  static final int POD_COLUMN = 26;
  private static final int LISTED_PENDING = 10;

  private final Log log;
  private final Supplier<MessageBuilder> styles;

  ConsoleLines(Log log, Supplier<MessageBuilder> styles) {
    this.log = log;
    this.styles = styles;
  }

  /** Renders an event of the console; false for any other. */
  boolean render(DevEvent event) {
    if (event instanceof DevEvent.PodLog e) {
      log.info(styles.get().strong(column(e.pod())).a(" | " + e.line()).build());
    } else if (event instanceof DevEvent.PortForwarding e) {
      log.info(styles.get().success("Forwarding http://localhost:" + e.localPort() + " -> pod/"
          + e.pod() + ":" + e.remotePort()).a(e.moved()
          ? " (the pod it forwarded to went away)" : "").build());
    } else if (event instanceof DevEvent.ChangesPending e) {
      renderPending(e.paths());
    } else if (event instanceof DevEvent.UpdateSummary e) {
      String line = "Summary: " + e.changed() + " | " + e.path() + " | "
          + (e.ok() ? "ok" : "FAILED") + " | " + e.stages().stream()
              .map(s -> s.name() + " " + s.took().toMillis() + " ms")
              .collect(Collectors.joining(", "));
      log.info(e.ok() ? styles.get().success(line).build() : styles.get().failure(line).build());
    } else {
      return false;
    }
    return true;
  }

  /**
   * The pod's name in a column of {@value #POD_COLUMN}: padded, or shortened in the middle so
   * both the workload's name and the pod's own suffix stay readable.
   */
  static String column(String pod) {
    if (pod.length() <= POD_COLUMN) {
      return pod + " ".repeat(POD_COLUMN - pod.length());
    }
    int tail = 10;
    return pod.substring(0, POD_COLUMN - tail - 1) + "…" + pod.substring(pod.length() - tail);
  }

  private void renderPending(List<String> paths) {
    if (paths.isEmpty()) {
      log.info("Nothing pending: no change since the last update (manual trigger)");
      return;
    }
    log.info(styles.get().strong("Pending: " + Plural.of(paths.size(), "change"))
        .a(" (manual trigger; press Enter to apply): " + String.join(", ",
            paths.subList(0, Math.min(LISTED_PENDING, paths.size())))
            + (paths.size() > LISTED_PENDING ? ", …" : "")).build());
  }
}
