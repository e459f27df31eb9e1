package dev.liveupdate.javaloop;

import dev.liveupdate.compile.ClassChange;
import dev.liveupdate.plan.ClassHistory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The session's {@link ClassHistory}: for each class file the compiles changed, the class as the
 * containers hold it (the version the last plan sent, or the output directory's before the first
 * compile of the session) and as it is now. Compiles that follow one another before a plan
 * (a compile that failed, batches that queued up) keep the oldest version, so the decision
 * compares what the containers run with what they get; once a plan took a change, the next
 * compile of that file starts from the version planned. One caller at a time: the dev loop's
 * thread.
 */
final class ClassLedger implements ClassHistory {

  private static final class Entry {
    ClassChange change;
    boolean planned;

    Entry(ClassChange change) {
      this.change = change;
    }
  }

  private final Map<Path, Entry> entries = new HashMap<>();
  private final BooleanSupplier devTools;

  /** @param devTools whether {@code spring-boot-devtools} is on the app's runtime class path */
  ClassLedger(BooleanSupplier devTools) {
    this.devTools = devTools;
  }

  /** Adds what a compile on save did to the class files. */
  synchronized void record(List<ClassChange> changes) {
    for (ClassChange change : changes) {
      Path file = change.file().toAbsolutePath().normalize();
      Entry entry = entries.get(file);
      if (entry == null || entry.planned) {
        entries.put(file, new Entry(change));
      } else {
        // not planned yet: the containers still hold the oldest version
        entry.change = new ClassChange(change.file(), entry.change.before(), change.after());
      }
    }
  }

  /**
   * Adds what the start's compile did, as the version the containers will hold: the start-up
   * sync (or a new image) brings them to the output directory as it now is.
   */
  synchronized void baseline(List<ClassChange> changes) {
    for (ClassChange change : changes) {
      Entry entry = new Entry(change);
      entry.planned = true;
      entries.put(change.file().toAbsolutePath().normalize(), entry);
    }
  }

  /** A new image holds the output directory as it is: every class starts afresh. */
  synchronized void imageBuilt() {
    entries.clear();
  }

  @Override
  public synchronized Optional<ClassChange> planned(Path classFile) {
    Entry entry = entries.get(classFile.toAbsolutePath().normalize());
    if (entry == null) {
      return Optional.empty();
    }
    entry.planned = true;
    return Optional.of(entry.change);
  }

  @Override
  public boolean devTools() {
    return devTools.getAsBoolean();
  }
}
