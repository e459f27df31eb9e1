package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The sync destinations an update may touch, and the checks that keep it inside them: a path is
 * accepted only when it is absolute, has no {@code .} or {@code ..} segment once normalised, and
 * lies strictly below a destination; and no symlink below a destination is ever followed on the way
 * to it. The destinations themselves (and what is above them) are the image's: a destination that
 * is a symlink is followed, as {@code tar -C /} and {@code find -H} follow it.
 */
final class Destinations {

  private final List<Path> roots;

  private Destinations(List<Path> roots) {
    this.roots = roots;
  }

  /** @throws IllegalArgumentException naming a destination that is not an absolute, normal path */
  static Destinations of(List<String> destinations) {
    List<Path> roots = new ArrayList<>();
    for (String destination : destinations) {
      Optional<Path> path = normal(destination);
      if (path.isEmpty() || path.get().getNameCount() == 0) {
        throw new IllegalArgumentException("a destination must be an absolute path below /, without . or .., got '"
            + destination + "'");
      }
      roots.add(path.get());
    }
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("name at least one destination with --to");
    }
    return new Destinations(Collections.unmodifiableList(roots));
  }

  List<Path> roots() {
    return roots;
  }

  /** The path, when it is absolute, normal and strictly below a destination. */
  Optional<Path> inside(String path) {
    return normal(path).filter(p -> roots.stream().anyMatch(root -> p.startsWith(root) && !p.equals(root)));
  }

  /** Whether {@code target} is below or at a destination that also holds {@code link}. */
  boolean sameDestination(Path link, Path target) {
    return roots.stream().anyMatch(root -> link.startsWith(root) && target.startsWith(root));
  }

  /**
   * Checks the directories between the path's destination and the path without following links.
   *
   * @return null when every one is a directory (or missing, if {@code missingOk}), else why not
   */
  String parentsProblem(Path path, boolean missingOk) throws IOException {
    Path root = roots.stream().filter(r -> path.startsWith(r) && !path.equals(r))
        .max((a, b) -> Integer.compare(a.getNameCount(), b.getNameCount())).orElseThrow();
    Path at = root;
    for (Path segment : root.relativize(path.getParent() == null ? root : path.getParent())) {
      if (segment.toString().isEmpty()) {
        break;
      }
      at = at.resolve(segment);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        return missingOk ? null : at + " is missing";
      }
      if (attributes.isSymbolicLink()) {
        return at + " is a symlink in the container; not followed";
      }
      if (!attributes.isDirectory()) {
        return at + " is not a directory in the container";
      }
    }
    return null;
  }

  /** Absolute, with no empty, {@code .} or {@code ..} segment once redundant slashes and {@code .} are dropped. */
  static Optional<Path> normal(String path) {
    if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return Optional.of(Paths.get("/" + String.join("/", segments)));
  }
}
