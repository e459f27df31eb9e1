package dev.liveupdate.mojo;

import dev.liveupdate.image.BuildEvent;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.jib.DevImage;
import dev.liveupdate.manifest.ImageInjection;
import dev.liveupdate.manifest.ManifestApply;
import dev.liveupdate.manifest.ManifestException;

/**
 * The image a Jib module's manifests run: containers naming the repository of jib-maven-plugin's
 * {@code <to><image>} get the module's dev image (its Jib image plus the supervisor layer), built
 * by its own jib-maven-plugin, so the pods the manifests make can be restarted in place at once.
 * It is built from the classes as they are; the session's start compiles and syncs what is newer.
 */
final class JavaManifests {

  private JavaManifests() {}

  static ManifestApply.Injection devImage(JavaLoopInputs java) {
    return new ManifestApply.Injection(new ImageInjection(java.jibImage()), progress -> {
      progress.accept("Building the dev image of " + java.jibImage() + " (the manifests run "
          + "it) with jib-maven-plugin");
      try {
        DevImage built = java.project().buildDevImage(event -> {
          if (event instanceof BuildEvent.Log log && log.level() == BuildEvent.Level.ERROR) {
            progress.accept(log.message());
          }
        });
        progress.accept("pushed " + built.byDigest());
        return built.byDigest();
      } catch (ImageBuildException e) {
        throw new ManifestException("cannot build the dev image of " + java.jibImage()
            + ", which the manifests run; nothing was applied: " + e.getMessage(), e);
      }
    });
  }
}
