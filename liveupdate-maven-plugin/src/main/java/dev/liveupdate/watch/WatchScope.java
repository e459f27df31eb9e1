package dev.liveupdate.watch;

import dev.liveupdate.ignore.IgnoreRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.codehaus.plexus.util.MatchPattern;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Which directories a watch registers and which paths it reports, derived from the roots and the
 * ignore rules. Path-only, immutable, thread-safe.
 */
final class WatchScope {

  private final List<WatchRoot> roots;
  private final List<MatchPattern> patternStarts;
  private final IgnoreRules ignores;

  WatchScope(List<WatchRoot> roots, IgnoreRules ignores) {
    this.roots = List.copyOf(roots);
    this.patternStarts =
        this.roots.stream()
            .map(root -> root.kind() == WatchRoot.Kind.PATTERN ? root.pattern() : "**")
            .map(MatchPattern::fromString)
            .toList();
    this.ignores = ignores;
  }

  /**
   * The directories each walk starts from at start-up: the base directory for roots inside it (so
   * roots deleted with their parents are found again), else the nearest existing directory on the
   * way to the root.
   */
  Set<Path> anchors() {
    Set<Path> anchors = new LinkedHashSet<>();
    for (WatchRoot root : roots) {
      Path dir = root.watchedDirectory();
      if (dir.startsWith(ignores.basedir())) {
        anchors.add(ignores.basedir());
      } else {
        while (dir.getParent() != null && !Files.isDirectory(dir)) {
          dir = dir.getParent();
        }
        anchors.add(dir);
      }
    }
    return anchors;
  }

  /**
   * Whether a directory is registered with the WatchService: it is on the way to a root (watched so
   * the root's creation is seen), or it is inside a directory or pattern root, not ignored, and (for
   * a pattern) could hold a match.
   */
  boolean shouldRegister(Path dir) {
    for (int i = 0; i < roots.size(); i++) {
      WatchRoot root = roots.get(i);
      if (root.watchedDirectory().startsWith(dir)) {
        return true;
      }
      if (root.kind() != WatchRoot.Kind.FILE
          && dir.startsWith(root.path())
          && !ignores.ignoresEverythingBelow(dir)
          && patternStarts.get(i).matchPatternStart(relative(root, dir), true)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a path may be reported, whatever it is on disk now: used for events as they arrive and
   * for deletions (a deleted folder under a pattern root is reported if it could have held a
   * match).
   */
  boolean mayReport(Path path) {
    return covers(path, true) && !ignores.isIgnored(path);
  }

  /** Whether an existing file (or symlink) is reported as changed. */
  boolean reportsFile(Path file) {
    return covers(file, false) && !ignores.isIgnored(file);
  }

  private boolean covers(Path path, boolean orCouldContain) {
    for (int i = 0; i < roots.size(); i++) {
      WatchRoot root = roots.get(i);
      switch (root.kind()) {
        case FILE -> {
          if (path.equals(root.path())) {
            return true;
          }
        }
        case DIRECTORY -> {
          if (path.startsWith(root.path())) {
            return true;
          }
        }
        case PATTERN -> {
          if (path.startsWith(root.path())) {
            String relative = relative(root, path);
            if (SelectorUtils.matchPath(root.pattern(), relative, "/", true)
                || (orCouldContain && patternStarts.get(i).matchPatternStart(relative, true))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static String relative(WatchRoot root, Path path) {
    StringBuilder relative = new StringBuilder();
    for (Path name : root.path().relativize(path)) {
      if (relative.length() > 0) {
        relative.append('/');
      }
      relative.append(name);
    }
    return relative.toString();
  }
}
