package dev.liveupdate.watch;

import java.io.IOException;
import java.util.Locale;

/**
 * Picks the {@link WatchBackend}: by default ({@code auto}) macOS FSEvents on macOS, where the
 * JDK's {@code WatchService} polls every 2 to 10 s, and the JDK's everywhere else (inotify on
 * Linux, {@code ReadDirectoryChangesW} on Windows). The system property {@value #PROPERTY} forces
 * one: {@code jdk} or {@code fsevents} ({@code -Dliveupdate.watcher=jdk} on the {@code mvn}
 * command line, or in {@code .mvn/maven.config}).
 *
 * <p>On macOS, when FSEvents cannot be opened (JNA cannot load its native library, say), {@code
 * auto} falls back to the JDK's poller with a warning that says so; a forced {@code fsevents}
 * fails instead.
 */
final class WatchBackends {

  /** The system property that forces a backend. */
  static final String PROPERTY = "liveupdate.watcher";

  /** What {@value #PROPERTY} asks for. */
  enum Choice {
    AUTO,
    JDK,
    FSEVENTS
  }

  private WatchBackends() {}

  /** The backend that {@value #PROPERTY} and {@code os.name} pick. */
  static WatchBackend.Factory fromSystemProperties() {
    return forChoice(choice(System.getProperty(PROPERTY)), System.getProperty("os.name", ""));
  }

  /**
   * Reads the property's value; unset or blank is {@code auto}.
   *
   * @throws IllegalArgumentException if it names no backend
   */
  static Choice choice(String value) {
    if (value == null || value.isBlank()) {
      return Choice.AUTO;
    }
    try {
      return Choice.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, jdk or fsevents, got '"
          + value + "'", e);
    }
  }

  /** Whether {@code os.name} is macOS's ("Mac OS X"). */
  static boolean isMac(String osName) {
    return osName.toLowerCase(Locale.ROOT).startsWith("mac");
  }

  /** The backend for a choice on an operating system. */
  static WatchBackend.Factory forChoice(Choice choice, String osName) {
    return switch (choice) {
      case JDK -> jdk();
      case FSEVENTS -> FsEventsBackend.factory();
      case AUTO -> isMac(osName) ? fsEventsOrJdk(FsEventsBackend.factory()) : jdk();
    };
  }

  static WatchBackend.Factory jdk() {
    return JdkWatchBackend.factory(JdkWatchBackend::registerWithService);
  }

  /** {@code fsEvents}, or the JDK's backend with a warning if it cannot be opened. */
  static WatchBackend.Factory fsEventsOrJdk(WatchBackend.Factory fsEvents) {
    return (anchors, scope, listener) -> {
      try {
        return fsEvents.open(anchors, scope, listener);
      } catch (IOException | LinkageError e) {
        listener.onWarning("macOS FSEvents cannot be used (" + e + "); watching with the JDK's "
            + "WatchService instead, which polls: changes take 2 to 10 s to be seen. -D"
            + PROPERTY + "=jdk chooses it without this warning", e);
        return jdk().open(anchors, scope, listener);
      }
    };
  }
}
