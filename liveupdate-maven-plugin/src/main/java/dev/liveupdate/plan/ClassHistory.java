package dev.liveupdate.plan;

import dev.liveupdate.compile.ClassChange;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the compiles of the session did to each class file of the output directory, for the
 * hot-swap decision ({@link ReloadLadder}): the port the Java loop's compile fills in.
 */
public interface ClassHistory {

  /**
   * The change of a class file since the containers last got it, or empty when the history does
   * not know the version they hold (a file not compiled in this session). Asking marks the change
   * as planned: the next compile of the file starts from the version planned.
   *
   * @param classFile a class file of the output directory, absolute
   */
  Optional<ClassChange> planned(Path classFile);

  /** Whether {@code spring-boot-devtools} is on the app's runtime class path now. */
  boolean devTools();
}
