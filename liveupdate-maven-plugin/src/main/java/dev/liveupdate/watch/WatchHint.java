package dev.liveupdate.watch;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One {@linkplain WatchBackend.Hints hint} kept as a value, for a backend whose events arrive on
 * another thread than the watcher's ({@link FsEventsBackend}) and for tests.
 */
record WatchHint(Kind kind, Path path) {

  /** Which method of {@link WatchBackend.Hints} the hint stands for. */
  enum Kind {
    CHANGED,
    CHECK,
    LOST
  }

  WatchHint {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
  }

  static WatchHint changed(Path path) {
    return new WatchHint(Kind.CHANGED, path);
  }

  static WatchHint check(Path path) {
    return new WatchHint(Kind.CHECK, path);
  }

  static WatchHint lost(Path dir) {
    return new WatchHint(Kind.LOST, dir);
  }

  /** Tells {@code hints} what this hint says. */
  void deliverTo(WatchBackend.Hints hints) {
    switch (kind) {
      case CHANGED -> hints.changed(path);
      case CHECK -> hints.check(path);
      case LOST -> hints.lost(path);
    }
  }
}
