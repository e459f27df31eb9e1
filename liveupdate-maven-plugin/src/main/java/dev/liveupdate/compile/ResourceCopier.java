package dev.liveupdate.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.codehaus.plexus.util.AbstractScanner;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Copies resources into the output directory as {@code process-resources} does: each root's
 * files that match its includes (all when none) and none of its excludes nor Maven's default
 * excludes ({@code .git}, editor backups, ...) go to the output directory, under the root's
 * {@code targetPath}; where two roots give the same file, the later root wins. A file whose
 * bytes are already there is not rewritten. A deleted resource's copy is deleted, if this
 * copier knows it for a resource copy (every resource present at start, and every file it
 * copied since): a class file in the same directory is never touched.
 *
 * <p>A root with {@code <filtering>true</filtering>} (Spring Boot's parent filters
 * {@code application*.properties} and {@code .yml} with {@code @...@}) is copied through the
 * {@link ResourceFilter} given, which replaces the placeholders as Maven would. Without one, its
 * files are not copied: they are returned in {@link Result#filtered()} for the caller to say so;
 * deletions are applied as for any root.
 */
public final class ResourceCopier {

  /** What an update did. */
  public record Result(Set<Path> written, Set<Path> deleted, Set<Path> filtered) {
    public boolean isEmpty() {
      return written.isEmpty() && deleted.isEmpty() && filtered.isEmpty();
    }
  }

  private final List<ResourceRoot> roots;
  private final Path outputDirectory;
  private final Set<Path> known = new HashSet<>();
  private final Optional<ResourceFilter> filter;

  /** A copier that leaves filtered roots to the caller ({@link Result#filtered()}). */
  public ResourceCopier(List<ResourceRoot> roots, Path outputDirectory) throws IOException {
    this(roots, outputDirectory, Optional.empty());
  }

  /** A copier that copies the files of filtered roots through {@code filter}, when given. */
  public ResourceCopier(List<ResourceRoot> roots, Path outputDirectory,
      Optional<ResourceFilter> filter) throws IOException {
    this.filter = filter;
    this.roots = roots.stream().map(r -> new ResourceRoot(r.directory().toAbsolutePath()
        .normalize(), r.targetPath(), normalise(r.includes()), normalise(r.excludes()),
        r.filtering())).toList();
    this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
    for (ResourceRoot root : this.roots) {
      for (Path file : files(root.directory())) {
        target(root, file).ifPresent(known::add);
      }
    }
  }

  /** The roots with filtering on that this copier does not copy: all of them without a filter. */
  public List<ResourceRoot> filteredRoots() {
    return filter.isPresent() ? List.of()
        : roots.stream().filter(ResourceRoot::filtering).toList();
  }

  /** Whether a path is inside a resource root (whether or not included). */
  public boolean isResource(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return roots.stream().anyMatch(r -> p.startsWith(r.directory()));
  }

  /** Copies every resource whose copy is missing or differs: the first update of a session. */
  public Result copyAll() throws IOException {
    List<Path> all = new ArrayList<>();
    for (ResourceRoot root : roots) {
      all.addAll(files(root.directory()));
    }
    return update(all, List.of());
  }

  /**
   * Brings the copies of changed and deleted resources (files or directories) up to date.
   * Paths outside every resource root are ignored.
   */
  public Result update(Collection<Path> changed, Collection<Path> deleted) throws IOException {
    Set<Path> outputs = new TreeSet<>();
    for (Path path : changed) {
      for (Path file : files(path.toAbsolutePath().normalize())) {
        outputsOf(file, outputs);
      }
    }
    for (Path path : deleted) {
      Path p = path.toAbsolutePath().normalize();
      outputsOf(p, outputs);
      for (ResourceRoot root : roots) {
        if (p.startsWith(root.directory())) {
          Path dir = base(root).resolve(root.directory().relativize(p).toString());
          known.stream().filter(k -> k.startsWith(dir)).forEach(outputs::add);
        }
      }
    }
    Set<Path> written = new TreeSet<>();
    Set<Path> removed = new TreeSet<>();
    Set<Path> filtered = new TreeSet<>();
    for (Path output : outputs) {
      Optional<Source> source = winner(output);
      if (source.isPresent() && source.get().root().filtering() && filter.isPresent()) {
        if (copyFiltered(source.get().file(), output)) {
          written.add(output);
        }
        known.add(output);
      } else if (source.isPresent() && source.get().root().filtering()) {
        filtered.add(source.get().file());
      } else if (source.isPresent()) {
        if (StagedOutput.differs(source.get().file(), output)) {
          Files.createDirectories(output.getParent());
          Files.copy(source.get().file(), output, StandardCopyOption.REPLACE_EXISTING);
          written.add(output);
        }
        known.add(output);
      } else if (known.remove(output) && Files.deleteIfExists(output)) {
        removed.add(output);
      }
    }
    return new Result(written, removed, filtered);
  }

  private record Source(ResourceRoot root, Path file) {}

  /**
   * Filters into a temporary file (outside the output directory, which is synced), then replaces
   * the copy if it differs.
   */
  private boolean copyFiltered(Path file, Path output) throws IOException {
    Path next = Files.createTempFile("liveupdate-filtered", ".tmp");
    try {
      filter.get().copy(file, next);
      if (!StagedOutput.differs(next, output)) {
        return false;
      }
      Files.createDirectories(output.getParent());
      Files.copy(next, output, StandardCopyOption.REPLACE_EXISTING);
      return true;
    } finally {
      Files.deleteIfExists(next);
    }
  }

  /** The file a copy comes from: the last root that has an included file for it. */
  private Optional<Source> winner(Path output) {
    for (int i = roots.size() - 1; i >= 0; i--) {
      ResourceRoot root = roots.get(i);
      Path base = base(root);
      if (output.startsWith(base) && !output.equals(base)) {
        Path file = root.directory().resolve(base.relativize(output).toString());
        if (Files.isRegularFile(file) && included(root, file)) {
          return Optional.of(new Source(root, file));
        }
      }
    }
    return Optional.empty();
  }

  private void outputsOf(Path file, Set<Path> into) {
    for (ResourceRoot root : roots) {
      target(root, file).ifPresent(into::add);
    }
  }

  /** Where a file of the root is copied to, if it is in the root and included. */
  private Optional<Path> target(ResourceRoot root, Path file) {
    if (!file.startsWith(root.directory()) || file.equals(root.directory())
        || !included(root, file)) {
      return Optional.empty();
    }
    return Optional.of(base(root).resolve(root.directory().relativize(file).toString()));
  }

  private boolean included(ResourceRoot root, Path file) {
    String relative = SourceFiles.slashes(root.directory().relativize(file));
    boolean included = root.includes().isEmpty()
        || root.includes().stream().anyMatch(p -> matches(p, relative));
    return included && root.excludes().stream().noneMatch(p -> matches(p, relative))
        && Stream.of(AbstractScanner.DEFAULTEXCLUDES).noneMatch(p -> matches(p, relative));
  }

  private Path base(ResourceRoot root) {
    return root.targetPath().map(t -> outputDirectory.resolve(t).normalize())
        .orElse(outputDirectory);
  }

  private static boolean matches(String pattern, String relative) {
    return SelectorUtils.matchPath(pattern, relative, "/", true);
  }

  /** As Maven's scanner: {@code '\'} is {@code '/'}, and {@code dir/} means {@code dir/**}. */
  private static List<String> normalise(List<String> patterns) {
    return patterns.stream().map(p -> p.trim().replace('\\', '/'))
        .map(p -> p.endsWith("/") ? p + "**" : p).toList();
  }

  private static List<Path> files(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
