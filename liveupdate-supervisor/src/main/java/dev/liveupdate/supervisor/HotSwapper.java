package dev.liveupdate.supervisor;

import java.io.IOException;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Serves one hot-swap request in the app's JVM: every loaded class of a listed name, in every class
 * loader, is redefined from the listed file with one {@link Instrumentation#redefineClasses} call.
 * The JVM applies such a call whole or not at all, so a result is either {@code ok} (every loaded
 * class of those names now runs the new code) or a status that says nothing was changed:
 * <ul>
 *   <li>{@code unsupported CLASS: REASON}: the JVM refuses the change (HotSpot redefines method
 *       bodies only: no member, signature, modifier or hierarchy change), e.g.
 *       {@code unsupported com.example.Greeter: class redefinition failed: attempted to add a method};
 *   <li>{@code failed}: the list or a class file cannot be read, or the JVM rejects the bytes
 *       (format, verification).
 * </ul>
 * Classes not loaded yet are nothing to do: they load from the synced files when first used.
 */
final class HotSwapper {

  private final Instrumentation instrumentation;

  HotSwapper(Instrumentation instrumentation) {
    this.instrumentation = instrumentation;
  }

  /** @param takenNanos when the request was taken: the result's MILLIS run from there */
  Result swap(byte[] content, long takenNanos) {
    List<HotSwapRequest.Entry> entries;
    try {
      entries = HotSwapRequest.parse(content);
    } catch (IllegalArgumentException e) {
      return failed(takenNanos, e.getMessage());
    }
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    for (HotSwapRequest.Entry entry : entries) {
      try {
        bytes.put(entry.className, Files.readAllBytes(Paths.get(entry.path)));
      } catch (IOException | RuntimeException e) {
        return failed(takenNanos, "cannot read the new class file of " + entry.className + ": " + e);
      }
    }
    List<ClassDefinition> definitions = new ArrayList<>();
    Map<String, Integer> loaded = new HashMap<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      byte[] next = bytes.get(type.getName());
      if (next == null) {
        continue;
      }
      if (!instrumentation.isModifiableClass(type)) {
        return new Result(Result.UNSUPPORTED, Durations.millisSince(takenNanos), type.getName()
            + ": the JVM cannot redefine this class; nothing was changed");
      }
      definitions.add(new ClassDefinition(type, next));
      loaded.merge(type.getName(), 1, Integer::sum);
    }
    try {
      if (!definitions.isEmpty()) {
        instrumentation.redefineClasses(definitions.toArray(new ClassDefinition[0]));
      }
    } catch (UnsupportedOperationException e) {
      return new Result(Result.UNSUPPORTED, Durations.millisSince(takenNanos),
          culprit(definitions) + ": " + e.getMessage() + "; nothing was changed");
    } catch (ClassNotFoundException | UnmodifiableClassException | LinkageError | RuntimeException e) {
      return failed(takenNanos, "the JVM refused the new classes (" + e + ")");
    }
    long ms = Durations.millisSince(takenNanos);
    int notLoaded = entries.size() - loaded.size();
    String message = "hot-swapped " + definitions.size() + " class(es) in " + ms + " ms";
    if (definitions.size() > loaded.size()) {
      message += " (" + loaded.size() + " name(s) in " + definitions.size() + " class loader(s))";
    }
    if (notLoaded > 0) {
      message += "; " + notLoaded + " listed class(es) not loaded yet (they will load from the new files)";
    }
    return new Result(Result.OK, ms, message);
  }

  private static Result failed(long takenNanos, String why) {
    return new Result(Result.FAILED, Durations.millisSince(takenNanos), why + "; nothing was changed");
  }

  /**
   * Which class the JVM refused, since its message does not say. Each is tried together with a
   * definition that cannot be parsed ({@link Probe} with one byte): the JVM checks the definitions
   * in order and stops at the first fault, so a refused class fails the call with
   * UnsupportedOperationException before the probe is reached, and a good one lets it reach the probe
   * and fail with ClassFormatError. Either way nothing is redefined. When the JVM checks in another
   * order, no single class is found and all are named.
   */
  private String culprit(List<ClassDefinition> definitions) {
    if (definitions.size() == 1) {
      return definitions.get(0).getDefinitionClass().getName();
    }
    List<String> names = new ArrayList<>();
    for (ClassDefinition definition : definitions) {
      try {
        instrumentation.redefineClasses(definition, new ClassDefinition(Probe.class, new byte[] {0}));
      } catch (UnsupportedOperationException refused) {
        return definition.getDefinitionClass().getName();
      } catch (ClassNotFoundException | UnmodifiableClassException | LinkageError | RuntimeException passed) {
        // not this one
      }
      names.add(definition.getDefinitionClass().getName());
    }
    return "one of " + String.join(", ", names);
  }

  /** The class the probe definitions name; never redefined, since its bytes never parse. */
  static final class Probe {
    private Probe() {}
  }
}
