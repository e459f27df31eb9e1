package dev.liveupdate.event;

/** Receives the engine's events; called from several threads, so implementations are thread-safe. */
@FunctionalInterface
public interface DevListener {
  void on(DevEvent event);
}
