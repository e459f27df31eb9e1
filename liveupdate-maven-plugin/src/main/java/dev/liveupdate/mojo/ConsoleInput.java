package dev.liveupdate.mojo;

import dev.liveupdate.engine.Trigger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Reads the console for Enter on one daemon thread for the whole JVM (a reactor's loops share
 * it): each line read is a {@link Trigger#request()} to every dev loop running. When standard
 * input is not a terminal it is read all the same (a line written to it is Enter), said once;
 * when it is closed (a CI job's {@code /dev/null}), that is said once and the loops go on.
 */
final class ConsoleInput {

  private static final List<Trigger> TRIGGERS = new CopyOnWriteArrayList<>();
  private static Thread reader;

  private ConsoleInput() {}

  /**
   * Sends Enter to {@code trigger} from now on; starts reading the console on the first call.
   *
   * @param say where the one-time notices go
   */
  static synchronized void register(Trigger trigger, Consumer<String> say) {
    listen(trigger);
    if (reader == null) {
      if (System.console() == null) {
        say.accept("Standard input is not a terminal: a line written to it counts as Enter");
      }
      reader = new Thread(() -> read(System.in, say), "liveupdate-console");
      reader.setDaemon(true); // blocked in read() until the JVM exits: nothing to join
      reader.start();
    }
  }

  /** Sends each line {@link #read} reads to {@code trigger} as Enter, reading nothing itself. */
  static void listen(Trigger trigger) {
    TRIGGERS.add(trigger);
  }

  static void unregister(Trigger trigger) {
    TRIGGERS.remove(trigger);
  }

  static void read(InputStream in, Consumer<String> say) {
    try {
      BufferedReader lines = new BufferedReader(new InputStreamReader(in,
          Charset.defaultCharset()));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        TRIGGERS.forEach(Trigger::request);
      }
      say.accept("Standard input is closed: Enter cannot " + (TRIGGERS.stream()
          .anyMatch(Trigger::isManual) ? "apply pending changes (manual trigger); run"
          + " liveupdate:dev in a terminal, or without -Dliveupdate.trigger=manual"
          : "force a full sync; changes are still applied as they come"));
    } catch (IOException e) {
      say.accept("Reading standard input failed (" + e + "): Enter does nothing from now on");
    }
  }
}
