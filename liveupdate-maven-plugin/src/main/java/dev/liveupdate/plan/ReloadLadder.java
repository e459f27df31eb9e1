package dev.liveupdate.plan;

import dev.liveupdate.compile.ClassChange;
import dev.liveupdate.config.JavaApp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The reload ladder of a Java app: the cheapest rung that serves a live update's change. Plain
 * Java; the class history is a port. The rule, once {@link ReloadDecision} says the app must
 * reload at all (a file copied or deleted below its class loader's directories):
 *
 * <ul>
 *   <li><b>L0, hot-swap</b>, tried first when every copied file is a class file that the history
 *       knows changed (not added: the JVM cannot have loaded it, and nothing would load it, a new
 *       Spring bean say) and whose class differs from the version the containers hold only in
 *       method bodies ({@code classfile.Structure}: same fields, methods, signatures, hierarchy,
 *       annotations and class attributes); no file is deleted; no resource changed (the app may
 *       have read it once at start). At most {@value #MAX_SWAP} classes, so the request fits the
 *       exec's arguments.
 *   <li><b>L1, DevTools</b>, tried next when {@code spring-boot-devtools} is on the app's class
 *       path: it restarts the app in the same JVM.
 *   <li><b>L2, process restart</b>, last: always works.
 * </ul>
 * The rungs tried go into one {@link Reload.Ladder}; the exec escalates from a rung that answers
 * that it cannot serve the change (the JVM refuses the bytes, DevTools does not restart) to the
 * next within the same update. L3, the rebuild, is the planner's ({@code pom.xml} changes).
 */
public final class ReloadLadder {

  /** The most classes one hot-swap request carries. */
  static final int MAX_SWAP = 400;

  private final ClassHistory history;

  public ReloadLadder(ClassHistory history) {
    this.history = history;
  }

  /**
   * @param app     the module's Java app
   * @param copies  the files the update copies
   * @param deleted container paths the update removes
   */
  public Reload decide(Optional<JavaApp> app, List<FileCopy> copies, Collection<String> deleted) {
    Reload decided = ReloadDecision.decide(app,
        copies.stream().map(FileCopy::containerPath).toList(), deleted);
    if (!(decided instanceof Reload.Restart restart)) {
      return decided;
    }
    List<String> below = app.orElseThrow().restartDirs();
    List<Reload.SwapClass> classes = new ArrayList<>();
    List<String> blockers = new ArrayList<>();
    for (String path : deleted) {
      if (below(path, below)) {
        blockers.add(fileName(path) + (path.endsWith(".class") ? ": class deleted" : ": deleted"));
      }
    }
    for (FileCopy copy : copies) {
      if (!below(copy.containerPath(), below)) {
        continue;
      }
      if (!copy.containerPath().endsWith(".class")) {
        blockers.add(fileName(copy.containerPath()) + ": resource changed");
        continue;
      }
      // asked for every class file, so each is marked planned
      Optional<ClassChange> change = history.planned(copy.local().toAbsolutePath().normalize());
      if (change.isEmpty()) {
        blockers.add(fileName(copy.containerPath()) + ": previous version unknown");
        continue;
      }
      Optional<String> why = change.get().notHotSwappable();
      if (why.isPresent()) {
        blockers.add(why.get());
      } else {
        classes.add(new Reload.SwapClass(change.get().after().name().replace('/', '.'),
            copy.containerPath()));
      }
    }
    if (blockers.isEmpty() && classes.size() > MAX_SWAP) {
      blockers.add(classes.size() + " classes changed, more than one hot-swap takes ("
          + MAX_SWAP + ")");
    }
    List<Reload.Level> levels = new ArrayList<>();
    if (blockers.isEmpty() && !classes.isEmpty()) {
      levels.add(Reload.Level.HOT_SWAP);
    } else {
      classes.clear();
    }
    if (history.devTools()) {
      levels.add(Reload.Level.DEVTOOLS);
    }
    levels.add(Reload.Level.RESTART);
    return new Reload.Ladder(levels, classes, summary(blockers), restart.reason());
  }

  private static String summary(List<String> blockers) {
    if (blockers.isEmpty()) {
      return "";
    }
    return blockers.get(0) + (blockers.size() > 1 ? " (and " + (blockers.size() - 1) + " more)" : "");
  }

  private static boolean below(String path, List<String> dirs) {
    return dirs.stream().anyMatch(dir -> path.startsWith(dir.equals("/") ? "/" : dir + "/"));
  }

  private static String fileName(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
