package dev.liveupdate.jib;

import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;

/**
 * Builds and pushes the dev image of a Jib module: exactly what {@code mvn jib:build} builds from
 * the module's configuration (base image, layers, entrypoint, JVM flags, main class, environment,
 * ports, labels, repository), plus one layer holding the live-update directory at
 * {@link DevEntrypoint#DIRECTORY}, with the entrypoint wrapped by {@link DevEntrypoint#wrap}, pushed
 * under its own tag so the user's tag keeps naming the user's image. The port the engine calls, as
 * it calls {@code image.ImageBuilder} for {@code <liveUpdate><image>}; {@code mojo.JibDevImage} is
 * the real one.
 */
public interface DevImageBuilder {

  /**
   * Builds from the module as it is now and pushes.
   *
   * @param listener receives {@code Started} and {@code Log} events; the module's Jib prints its
   *                 own progress to the Maven log, as {@code mvn jib:build} does
   * @throws ImageBuildException  if Jib fails, or the configuration cannot give a dev image; the
   *                              message says why in one line and the cause is kept
   * @throws InterruptedException if the thread is interrupted
   */
  DevImage build(BuildListener listener) throws ImageBuildException, InterruptedException;
}
