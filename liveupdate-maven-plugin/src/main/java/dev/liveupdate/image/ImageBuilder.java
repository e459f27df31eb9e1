package dev.liveupdate.image;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.ignore.IgnoreRules;

/**
 * Builds the image of the fallback rebuild and pushes it: the port the engine depends on, so it is
 * tested without a registry. {@link JibImageBuilder} is the real one.
 */
public interface ImageBuilder {

  /**
   * Builds {@code image} from the current local files, pushes it to {@link ImageConfig#to()} and
   * returns it by digest, the form a Deployment should be patched with.
   *
   * @param image    what to build; its layer directories are absolute
   * @param ignores  files that never go into a layer (see {@link dev.liveupdate.ignore.ModuleIgnores#forImage})
   * @param listener receives progress and log events, from several threads
   * @throws ImageBuildException  if the image cannot be built or pushed; the message says why
   *                              in one line, the cause is kept
   * @throws InterruptedException if the thread is interrupted (Ctrl-C): the build is abandoned
   */
  BuiltImage build(ImageConfig image, IgnoreRules ignores, BuildListener listener)
      throws ImageBuildException, InterruptedException;
}
