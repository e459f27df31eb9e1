package dev.liveupdate.javaloop;

import dev.liveupdate.engine.ChangeSource;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Turns the watcher's batches into what the dev loop syncs, for a Jib module: a change below a
 * source or resource root is a compile input, compiled (and copied) into the output directory on
 * the spot, and the batch carries the output directory's files that changed instead; every other
 * change (a POM, an extra directory's file) passes through as it is.
 *
 * <p>The outputs go to the loop directly, not through the watcher (which does not watch the
 * output directory): a compile's outputs then make one batch, one sync and one restart, and
 * reach the sync a quiet period sooner (66 ms p50, 137 ms p95 measured here,
 * {@code CompileOutputWatchTimings}).
 *
 * <p>When the sources do not compile, nothing of them is synced: the resources copied meanwhile
 * are held back and go with the next compile that succeeds (or into the next image); the other
 * changes of the batch still pass, so a POM change still rebuilds, with the new classpath.
 */
final class JavaChanges implements ChangeSource {

  private final ChangeSource watched;
  private final Compilation compilation;

  JavaChanges(ChangeSource watched, Compilation compilation) {
    this.watched = watched;
    this.compilation = compilation;
  }

  @Override
  public ChangeBatch poll(Duration timeout) throws InterruptedException {
    ChangeBatch batch = watched.poll(timeout);
    if (batch == null || batch.isEmpty()) {
      return batch;
    }
    Set<Path> changedInputs = new HashSet<>();
    Set<Path> deletedInputs = new HashSet<>();
    Set<Path> changedRest = new HashSet<>();
    Set<Path> deletedRest = new HashSet<>();
    batch.changed().forEach(p -> (compilation.isInput(p) ? changedInputs : changedRest).add(p));
    batch.deleted().forEach(p -> (compilation.isInput(p) ? deletedInputs : deletedRest).add(p));
    ChangeBatch rest = ChangeBatch.of(changedRest, deletedRest);
    if (changedInputs.isEmpty() && deletedInputs.isEmpty()) {
      return rest;
    }
    ChangeBatch outputs = compilation.releasable(
        compilation.compile(changedInputs, deletedInputs));
    return outputs.followedBy(rest);
  }
}
