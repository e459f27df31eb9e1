package dev.liveupdate.compile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Copies a resource of a root with {@code <filtering>true</filtering>} as
 * {@code process-resources} would, its placeholders replaced (with the delimiters, filters and
 * encodings of the module's maven-resources-plugin). The port {@link ResourceCopier} filters
 * through; {@code mojo.MavenResourceFilter}, on Apache maven-filtering, is the real one.
 */
@FunctionalInterface
public interface ResourceFilter {

  /**
   * Writes {@code from}, filtered, to {@code to} (a new file the caller then compares and moves).
   *
   * @throws IOException if it cannot be read or written, or the filtering fails, saying why
   */
  void copy(Path from, Path to) throws IOException;
}
