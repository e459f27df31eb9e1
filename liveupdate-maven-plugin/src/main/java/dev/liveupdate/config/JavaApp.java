package dev.liveupdate.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The Java app behind a module whose configuration is inferred from jib-maven-plugin: what its
 * syncs mean for the app, beyond copying files. Never written in {@code <liveUpdate>}.
 *
 * @param restartDirs the container directories the app's class loader reads
 *                    ({@code {appRoot}/classes}, {@code {appRoot}/resources}): a file copied or
 *                    deleted below one restarts the app ({@code plan.ReloadDecision})
 * @param rebuildOn   local files whose change rebuilds and rolls out the dev image: the module's
 *                    POM and its parents on disk (dependencies and Jib's configuration), absolute
 */
public record JavaApp(List<String> restartDirs, List<Path> rebuildOn) {

  public JavaApp {
    restartDirs = List.copyOf(restartDirs);
    rebuildOn = List.copyOf(rebuildOn);
  }
}
