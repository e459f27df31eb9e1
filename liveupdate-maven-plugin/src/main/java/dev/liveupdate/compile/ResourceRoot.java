package dev.liveupdate.compile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code <build><resources><resource>} of the module, as {@code process-resources} copies it.
 *
 * @param directory the resource directory, absolute
 * @param targetPath where its files go, relative to the output directory (or absolute); empty
 *     for the output directory itself
 * @param includes Maven include patterns ({@code **}{@code /*.properties}); empty means all
 * @param excludes Maven exclude patterns, applied after the includes and Maven's default
 *     excludes (version-control files, editor backups)
 * @param filtering {@code <filtering>true</filtering>}: copied with {@code ${...}} replaced by
 *     Maven, which this plugin does not do itself; see {@link ResourceCopier}
 */
public record ResourceRoot(Path directory, Optional<String> targetPath, List<String> includes,
    List<String> excludes, boolean filtering) {

  public ResourceRoot {
    includes = List.copyOf(includes);
    excludes = List.copyOf(excludes);
  }

  /** A root copied as it is, everything included: Maven's default {@code src/main/resources}. */
  public static ResourceRoot plain(Path directory) {
    return new ResourceRoot(directory, Optional.empty(), List.of(), List.of(), false);
  }
}
