package dev.liveupdate.plan;

import java.util.List;

/**
 * What the app in a container needs once a live update's files are in place, as
 * {@link ReloadDecision} decides it; carried by {@link Plan.LiveUpdate} and done in the same exec
 * as the copy.
 */
public sealed interface Reload {


  /** Nothing: the files are all there is to it. */
  Reload NONE = new None();

  /** Nothing. */
  record None() implements Reload {}

  /**
   * Restart the app's JVM in place, through the live-update supervisor that runs as PID 1 of
   * the dev image: same container, same pod, synced files kept.
   *
   * @param reason what changed, for the messages: {@code classes changed}
   */
  record Restart(String reason) implements Reload {}

  /** A rung of the reload ladder, as the supervisor's control client names it. */
  enum Level {
    /** L0: the agent in the app's JVM redefines the changed classes (method bodies only). */
    HOT_SWAP("hotswap"),
    /** L1: Spring Boot DevTools restarts the app in its JVM (a new class loader). */
    DEVTOOLS("devtools"),
    /** L2: the supervisor restarts the app's process. */
    RESTART("restart");

    private final String kind;

    Level(String kind) {
      this.kind = kind;
    }

    /** The request's KIND in the supervisor's protocol ({@code hotswap}, {@code devtools}, {@code restart}). */
    public String kind() {
      return kind;
    }

    public static Level ofKind(String kind) {
      for (Level level : values()) {
        if (level.kind.equals(kind)) {
          return level;
        }
      }
      throw new IllegalArgumentException("no reload level '" + kind + "'");
    }
  }

  /**
   * A class to hot-swap: its binary name ({@code com.example.Foo$Bar}) and its new class file in
   * the container.
   */
  record SwapClass(String binaryName, String containerPath) {}

  /**
   * Reload through the first rung that serves the change, in the same exec as the copy: each rung
   * is tried in turn, and one that answers that it cannot serve the change (a hot-swap the JVM
   * refuses, a DevTools restart that does not start) hands over to the next.
   *
   * @param levels  the rungs to try, cheapest first, ending with {@link Level#RESTART}
   * @param classes the classes to redefine when {@link Level#HOT_SWAP} is tried, else empty
   * @param passed  why cheaper rungs were passed over before trying ({@code Foo: method added}),
   *                empty when none was
   * @param reason  what changed, for the messages: {@code classes changed}
   */
  record Ladder(List<Level> levels, List<SwapClass> classes, String passed, String reason)
      implements Reload {
    public Ladder {
      levels = List.copyOf(levels);
      classes = List.copyOf(classes);
      if (levels.isEmpty() || levels.get(levels.size() - 1) != Level.RESTART) {
        throw new IllegalArgumentException("a ladder ends with a process restart, got " + levels);
      }
    }
  }
}
