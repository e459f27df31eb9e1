package dev.liveupdate.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The {@code .java} files of the source roots, named by their path relative to their root
 * ({@code com/example/Foo.java}, {@code '/'}-separated): the name class files give through their
 * package and SourceFile attribute, so a class can be matched to its source whichever root holds
 * it, and a deleted source can still be named.
 */
final class SourceFiles {

  private final List<Path> roots;

  SourceFiles(List<Path> roots) {
    this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  List<Path> roots() {
    return roots;
  }

  /** The name of a path under a root ({@code .java} file or a directory), if it is under one. */
  Optional<String> nameOf(Path path) {
    Path p = path.toAbsolutePath().normalize();
    for (Path root : roots) {
      if (p.startsWith(root) && !p.equals(root)) {
        return Optional.of(slashes(root.relativize(p)));
      }
    }
    return Optional.empty();
  }

  /** The existing file of that name, in the first root that has one. */
  Optional<Path> find(String name) {
    for (Path root : roots) {
      Path file = root.resolve(name);
      if (Files.isRegularFile(file)) {
        return Optional.of(file);
      }
    }
    return Optional.empty();
  }

  /** A path for a name, existing or not: where the first root would have it. */
  Path pathOf(String name) {
    return find(name).orElseGet(() -> roots.get(0).resolve(name));
  }

  boolean exists(String name) {
    return find(name).isPresent();
  }

  /** Every source of every root, by name. */
  Set<String> all() throws IOException {
    Set<String> names = new TreeSet<>();
    for (Path root : roots) {
      names.addAll(under(root, root));
    }
    return names;
  }

  /** The sources at or below a path of a root (a file, or a directory walked). */
  Set<String> under(Path root, Path start) throws IOException {
    Set<String> names = new TreeSet<>();
    if (!Files.exists(start)) {
      return names;
    }
    try (Stream<Path> walk = Files.walk(start)) {
      walk.filter(SourceFiles::isJava).forEach(p -> names.add(slashes(root.relativize(p))));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return names;
  }

  /** The root a path is under, if any. */
  Optional<Path> rootOf(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return roots.stream().filter(p::startsWith).findFirst();
  }

  static boolean isJava(Path p) {
    return p.getFileName() != null && p.getFileName().toString().endsWith(".java")
        && Files.isRegularFile(p);
  }

  static String slashes(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }
}
