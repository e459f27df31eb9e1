package dev.liveupdate.plan;

import dev.liveupdate.config.JavaApp;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Decides how the app takes a live update in, once its files are copied: the reload rung of the
 * Java loop. Pure: container paths in, a {@link Reload} out. The rule:
 *
 * <ul>
 *   <li>A module configured with {@code <syncs>} (no {@link JavaApp}): {@link Reload#NONE}. Its
 *       {@code <runs>} are how it acts on a change, as in Tilt.
 *   <li>A Java app, and a copied or deleted path lies below one of its
 *       {@linkplain JavaApp#restartDirs() restart directories} ({@code {appRoot}/classes},
 *       {@code {appRoot}/resources}, what its class loader reads): {@link Reload.Restart}. A JVM
 *       keeps every class it loaded and may cache resources, so only a new JVM is sure to run
 *       the new code; the supervisor starts one in the same container.
 *   <li>A Java app, and only other paths changed (Jib's extra directories, which the app reads
 *       as files, when it reads them): {@link Reload#NONE}.
 * </ul>
 *
 * <p>Cheaper rungs (redefining method bodies in the running JVM; a framework's own restart)
 * would come before the restart here, each with the condition under which it is enough.
 */
public final class ReloadDecision {

  private ReloadDecision() {}

  /**
   * @param app     the module's Java app, if its syncs were inferred from jib-maven-plugin
   * @param copied  container paths the update writes
   * @param deleted container paths the update removes
   */
  public static Reload decide(Optional<JavaApp> app, Collection<String> copied,
      Collection<String> deleted) {
    if (app.isEmpty()) {
      return Reload.NONE;
    }
    List<String> touched = app.get().restartDirs().stream()
        .filter(dir -> copied.stream().anyMatch(p -> below(p, dir))
            || deleted.stream().anyMatch(p -> below(p, dir)))
        .toList();
    return touched.isEmpty() ? Reload.NONE
        : new Reload.Restart(String.join(" and ", touched) + " changed");
  }

  private static boolean below(String path, String dir) {
    return path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }
}
