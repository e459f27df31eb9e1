package dev.liveupdate.engine;

import dev.liveupdate.watch.ChangeBatch;
import java.time.Duration;

/** Where batches of changes come from: the file watcher, or a test. */
@FunctionalInterface
public interface ChangeSource {

  /** The next batch, or null when none arrived within {@code timeout}. */
  ChangeBatch poll(Duration timeout) throws InterruptedException;
}
