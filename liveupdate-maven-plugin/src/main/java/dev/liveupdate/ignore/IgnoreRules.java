package dev.liveupdate.ignore;

import dev.liveupdate.config.PathPatterns;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.codehaus.plexus.util.SelectorUtils;

/**
 * Decides which paths never trigger anything: the watcher neither reports them nor registers them
 * (so churn in an ignored directory such as {@code .git/} costs nothing), a one-shot sync neither
 * sends nor deletes them, and an image build leaves them out ({@link ModuleIgnores} makes the
 * rules of each from the configuration).
 *
 * <p>A path is ignored when any of these holds:
 *
 * <ol>
 *   <li><b>Version control.</b> One of its names is {@code .git}, {@code .svn} or {@code .hg}.
 *   <li><b>Editor files.</b> One of its names is a swap, backup, lock or temporary file of a common
 *       editor: vim {@code .*.swp}, {@code .*.swo}, {@code .*.swx}, {@code *~} and {@code 4913}
 *       (vim's "can I write here" test file); emacs {@code .#*} and {@code #*#}; {@code *.tmp};
 *       JetBrains safe-write {@code *___jb_tmp___} and {@code *___jb_old___}; macOS {@code
 *       .DS_Store}; and the JVM's attach handshake file {@code .attach_pid<pid>}, which
 *       {@code jcmd}, {@code jstack} and IDE debuggers make the target JVM create in its working
 *       directory (the module, under {@code mvn liveupdate:dev}) and delete again.
 *   <li><b>Build output.</b> It is inside the module's build directory ({@code target/}), unless the
 *       build directory is, or is inside, a sync source (then nothing in it is ignored by this rule),
 *       or the path is inside a sync source below the build directory ({@code target/classes}).
 *       That source's parent folders ({@code target} itself) are ignored but not {@linkplain
 *       #ignoresEverythingBelow(Path) everything below them}: the watcher registers them to see
 *       the source created again after {@code mvn clean}, and reports the source's deletion, not
 *       theirs.
 *   <li><b>Configured patterns.</b> The path, relative to the module's base directory, matches
 *       one of the configured patterns, which are Maven include/exclude style, '/'-separated,
 *       matched with {@link SelectorUtils#matchPath(String, String, String, boolean)}
 *       (case-sensitive): {@code **}{@code /*.log}, {@code api/cache/**}. A pattern ending in '/'
 *       means the folder and everything below it ({@code docs/} is {@code docs/**}); a pattern
 *       without wildcards ({@code docs}) also covers everything below the path it names. A pattern
 *       with wildcards matches exactly what Maven's would: {@code api/*} ignores the files directly
 *       in {@code api}, not {@code api/static/x.css} (the planner's {@code PathPatterns} reads
 *       patterns the same way, and {@link PathPatterns#normalise} normalises them).
 * </ol>
 *
 * <p>Names (rules 1 and 2) are checked for every name of the path below the base directory, so
 * everything inside an ignored folder is ignored too. For a path outside the base directory only its
 * file name is checked, and configured patterns never match it.
 *
 * <p>{@link #ignoresEverythingBelow(Path)} tells the watcher which folders it need not register.
 *
 * <p>Decisions look only at the path, never at the disk: a deleted path is ignored exactly when the
 * same path would be ignored while it existed. Instances are thread-safe, and
 * immutable but for a cache of decisions on single names.
 */
public final class IgnoreRules {

  /** Directory names of version-control systems; anything at or below them is ignored. */
  public static final List<String> VERSION_CONTROL_NAMES = List.of(".git", ".svn", ".hg");

  /**
   * File-name patterns ({@code *} and {@code ?} wildcards) of editors' temporary files, and of
   * the JVM's attach handshake file.
   */
  public static final List<String> EDITOR_FILE_PATTERNS =
      List.of(
          ".*.swp",
          ".*.swo",
          ".*.swx",
          "*~",
          "4913",
          ".#*",
          "#*#",
          "*.tmp",
          "*___jb_tmp___",
          "*___jb_old___",
          ".DS_Store",
          ".attach_pid*");

  private static final int MAX_REMEMBERED_NAMES = 100_000;

  private final Path basedir;
  private final Path buildDir;
  private final java.util.Map<String, Boolean> nameDecisions =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final List<Path> syncSources;
  private final List<String> patterns;
  private final boolean buildDirIgnored;

  private IgnoreRules(Path basedir, Path buildDir, List<Path> syncSources, List<String> patterns) {
    this.basedir = basedir;
    this.buildDir = buildDir;
    this.syncSources = syncSources;
    this.patterns = patterns;
    this.buildDirIgnored = syncSources.stream().noneMatch(buildDir::startsWith);
  }

  /**
   * The rules of one module.
   *
   * @param basedir the module's base directory; configured patterns are relative to it
   * @param buildDir the module's build directory, usually {@code basedir/target}
   * @param syncSources the local directories that are synced ({@code <sync><from>})
   * @param patterns configured ignore patterns, Maven style, relative to {@code basedir}; each is
   *     normalised with {@link PathPatterns#normalise} (configured ones already are)
   * @throws IllegalArgumentException if a pattern is blank or reaches outside {@code basedir}
   */
  public static IgnoreRules of(
      Path basedir, Path buildDir, Collection<Path> syncSources, Collection<String> patterns) {
    List<Path> sources = new ArrayList<>();
    for (Path source : syncSources) {
      sources.add(absolute(source));
    }
    Path base = absolute(basedir);
    List<String> normalised = new ArrayList<>();
    for (String pattern : patterns) {
      try {
        normalised.add(PathPatterns.normalise(pattern, base));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("an ignore pattern " + e.getMessage() + ", got '"
            + pattern + "'", e);
      }
    }
    return new IgnoreRules(
        base, absolute(buildDir), List.copyOf(sources), List.copyOf(normalised));
  }

  /** Only the defaults: version control, editor files, and the build directory. */
  public static IgnoreRules defaults(Path basedir, Path buildDir) {
    return of(basedir, buildDir, List.of(), List.of());
  }

  /** The module's base directory, absolute and normalised. */
  public Path basedir() {
    return basedir;
  }

  /** The configured patterns as matched, normalised by {@link PathPatterns#normalise}. */
  public List<String> patterns() {
    return patterns;
  }

  /** Whether {@code path} (absolute, or relative to the working directory) is ignored. */
  public boolean isIgnored(Path path) {
    Path absolute = absolute(path);
    if (isIgnoredByNameOrBuildDir(absolute, false)) {
      return true;
    }
    if (patterns.isEmpty()) {
      return false;
    }
    String relative = relativeToBasedir(absolute);
    if (relative == null) {
      return false;
    }
    return PathPatterns.matchesAny(patterns, relative);
  }

  /**
   * Whether {@code dir} and everything that is or will be below it is ignored, so a watcher need
   * not register it. True for ignored names and build output, and for patterns that cover a whole
   * folder ({@code docs}, {@code docs/**}, {@code **}{@code /node_modules/**}); false for a folder
   * that merely matches, such as {@code logs.log} for {@code **}{@code /*.log}, and for {@code
   * %regex[]} patterns.
   */
  public boolean ignoresEverythingBelow(Path dir) {
    Path absolute = absolute(dir);
    if (isIgnoredByNameOrBuildDir(absolute, true)) {
      return true;
    }
    String relative = relativeToBasedir(absolute);
    if (relative == null) {
      return false;
    }
    for (String pattern : patterns) {
      if (SelectorUtils.isRegexPrefixedPattern(pattern)) {
        continue;
      }
      if (PathPatterns.hasWildcard(pattern)
          ? pattern.endsWith("/**") && SelectorUtils.matchPath(pattern, relative, "/", true)
          : relative.equals(pattern) || relative.startsWith(pattern + "/")) {
        return true;
      }
    }
    return false;
  }

  private boolean isIgnoredByNameOrBuildDir(Path absolute, boolean keepParentsOfSources) {
    if (isIgnoredBuildOutput(absolute, keepParentsOfSources)) {
      return true;
    }
    if (!absolute.startsWith(basedir)) {
      Path name = absolute.getFileName();
      return name != null && isIgnoredName(name.toString());
    }
    for (Path name : basedir.relativize(absolute)) {
      if (isIgnoredName(name.toString())) {
        return true;
      }
    }
    return false;
  }

  /** The '/'-separated path relative to the base directory, or {@code null} if outside it. */
  private String relativeToBasedir(Path absolute) {
    if (!absolute.startsWith(basedir)) {
      return null;
    }
    StringBuilder relative = new StringBuilder();
    for (Path name : basedir.relativize(absolute)) {
      if (relative.length() > 0) {
        relative.append('/');
      }
      relative.append(name);
    }
    return relative.toString();
  }

  private boolean isIgnoredBuildOutput(Path path, boolean keepParentsOfSources) {
    if (!buildDirIgnored || !path.startsWith(buildDir)) {
      return false;
    }
    for (Path source : syncSources) {
      if (path.startsWith(source) || (keepParentsOfSources && source.startsWith(path))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a single name is a version-control folder or an editor's file. Remembered per name:
   * the start-up walk of a large tree asks about the same folder and file names again and again.
   */
  private boolean isIgnoredName(String name) {
    Boolean known = nameDecisions.get(name);
    if (known != null) {
      return known;
    }
    boolean ignored = matchesIgnoredName(name);
    if (nameDecisions.size() >= MAX_REMEMBERED_NAMES) {
      nameDecisions.clear();
    }
    nameDecisions.put(name, ignored);
    return ignored;
  }

  private static boolean matchesIgnoredName(String name) {
    if (VERSION_CONTROL_NAMES.contains(name)) {
      return true;
    }
    for (String pattern : EDITOR_FILE_PATTERNS) {
      if (SelectorUtils.match(pattern, name, true)) {
        return true;
      }
    }
    return false;
  }

  private static Path absolute(Path path) {
    return path.toAbsolutePath().normalize();
  }

  @Override
  public String toString() {
    return "IgnoreRules{basedir="
        + basedir
        + ", buildDir="
        + buildDir
        + (buildDirIgnored ? "" : " (synced)")
        + ", syncSources="
        + syncSources
        + ", patterns="
        + patterns
        + '}';
  }
}
