package dev.liveupdate.javaloop;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.ResourceFilter;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.jib.DevImage;
import java.util.List;
import java.util.Optional;

/**
 * The module as Maven reads it, for the Java loop: how it compiles, whether its POM changed,
 * and its dev image. Read again after a POM change, so new dependencies reach the compiler and
 * the image. The port the loop works through; {@code mojo.MavenJavaProject} is the real one.
 */
public interface JavaProject {

  /** How maven-compiler-plugin compiles the module, as the project now reads. */
  CompilerSettings compilerSettings();

  /** What of maven-compiler-plugin's configuration the in-process compiler leaves out. */
  List<String> compilerNotes();

  /**
   * Copies the resources of roots with {@code <filtering>true</filtering>} as the module's
   * maven-resources-plugin would; empty when there is none (such resources are then reported, not
   * copied).
   */
  default Optional<ResourceFilter> resourceFilter() {
    return Optional.empty();
  }

  /** Whether a POM of the module (its own, a parent's on disk) changed since it was read. */
  boolean pomChanged();

  /**
   * Reads the POMs again and resolves the dependencies: from then on the settings and the dev
   * image are the new model's.
   *
   * @throws ProjectReadException if the POM is invalid or a dependency cannot be resolved; the
   *                              previous model stays
   */
  void reload() throws ProjectReadException;

  /**
   * Whether {@code spring-boot-devtools} is among the runtime dependencies, as the project now
   * reads: the dev image then has DevTools restart on the supervisor's trigger, and the reload
   * ladder tries a DevTools restart before a process restart. False unless a project says so.
   */
  default boolean devTools() {
    return false;
  }

  /** Builds and pushes the dev image from the module as it is now: its Jib's image plus ours. */
  DevImage buildDevImage(BuildListener listener) throws ImageBuildException, InterruptedException;

  /** The POM could not be read again; the message says why in one line. */
  final class ProjectReadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProjectReadException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
