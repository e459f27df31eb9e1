package dev.liveupdate.compile;

import dev.liveupdate.classfile.ClassFile;
import dev.liveupdate.classfile.Structure;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A class file of the output directory that a compile wrote with new bytes, or deleted, or that
 * an IDE rewrote (found newer than its source), with the class as it was and as it is now: what
 * a hot-swap decision compares ({@link Structure#difference}).
 *
 * @param file the class file in the output directory
 * @param before the class before, null when added
 * @param after the class now, null when deleted
 */
public record ClassChange(Path file, ClassFile before, ClassFile after) {

  public enum Kind { ADDED, CHANGED, DELETED }

  public Kind kind() {
    return before == null ? Kind.ADDED : after == null ? Kind.DELETED : Kind.CHANGED;
  }

  /** Why this change cannot be hot-swapped, or empty when only method bodies changed. */
  public Optional<String> notHotSwappable() {
    return switch (kind()) {
      case ADDED -> Optional.of(after.simpleName() + ": class added");
      case DELETED -> Optional.of(before.simpleName() + ": class deleted");
      case CHANGED -> Structure.difference(before, after);
    };
  }
}
