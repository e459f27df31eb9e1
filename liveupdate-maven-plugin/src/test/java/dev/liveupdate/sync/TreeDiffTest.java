package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.FileFilter;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local tree (real files) against container listings written by hand. */
class TreeDiffTest {

  @TempDir Path base;

  private LiveUpdateConfig config;
  private IgnoreRules ignores;

  @BeforeEach
  void module() throws IOException {
    write("api/app.py", "print('hi')");
    write("api/requirements.txt", "flask");
    write("api/static/logo.svg", "<svg/>");
    write("api/__pycache__/app.cpython-312.pyc", "bytecode");
    write("api/.app.py.swp", "vim");
    write("pom.xml", "<project/>");
    use(List.of(new SyncRule(base.resolve("api"), "/app/api")), List.of("**/__pycache__/**"));
  }

  @Test
  void aFreshContainerGetsEveryFileButNotIgnoredOnes() throws IOException {
    TreeDiff diff = diff(Map.of());

    assertEquals(Set.of(local("api/app.py"), local("api/requirements.txt"),
        local("api/static/logo.svg")), diff.batch().changed());
    assertEquals(Set.of(), diff.batch().deleted());
    assertEquals(3, diff.copied());
    assertEquals(0, diff.upToDate());
  }

  @Test
  void anEqualContainerNeedsNothing() throws IOException {
    TreeDiff diff = diff(containerLike(scan()));

    assertTrue(diff.isEmpty(), diff.toString());
    assertEquals(3, diff.upToDate());
  }

  @Test
  void contentOrExecuteBitDifferencesAreCopied() throws IOException {
    Map<String, TreeEntry> container = containerLike(scan());
    container.put("/app/api/app.py", TreeEntry.file("0".repeat(64), false));
    Files.setPosixFilePermissions(local("api/requirements.txt"),
        PosixFilePermissions.fromString("rwxr--r--"));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(local("api/app.py"), local("api/requirements.txt")),
        diff.batch().changed());
    assertEquals(1, diff.upToDate());
  }

  @Test
  void whatIsGoneLocallyIsDeletedAGoneDirectoryAsAWhole() throws IOException {
    Map<String, TreeEntry> container = containerLike(scan());
    container.put("/app/api/old.py", TreeEntry.file("0".repeat(64), false));
    container.put("/app/api/old", TreeEntry.directory());
    container.put("/app/api/old/a.py", TreeEntry.file("0".repeat(64), false));
    container.put("/app/api/old/deeper", TreeEntry.directory());
    container.put("/app/api/link", TreeEntry.symlink("app.py"));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(local("api/old.py"), local("api/old"), local("api/link")),
        diff.batch().deleted());
    assertEquals(Set.of(), diff.batch().changed());
    assertEquals(3, diff.deleted());
  }

  @Test
  void ignoredPathsInTheContainerAreLeftAlone() throws IOException {
    Map<String, TreeEntry> container = containerLike(scan());
    container.put("/app/api/__pycache__", TreeEntry.directory());
    container.put("/app/api/__pycache__/gone.cpython-312.pyc", TreeEntry.file("0".repeat(64), false));
    container.put("/app/api/.git", TreeEntry.directory());
    container.put("/app/api/.git/HEAD", TreeEntry.file("0".repeat(64), false));
    container.put("/app/api/notes.txt~", TreeEntry.file("0".repeat(64), false));

    assertTrue(diff(container).isEmpty());
  }

  @Test
  void aNestedSyncOwnsItsSubtreeAndTheOuterOneLeavesItAlone() throws IOException {
    use(List.of(new SyncRule(base.resolve("api/static"), "/srv/static"),
        new SyncRule(base.resolve("api"), "/app/api")), List.of());
    Map<String, TreeEntry> container = new TreeMap<>();
    container.put("/app/api", TreeEntry.directory());
    container.put("/app/api/static", TreeEntry.directory());
    container.put("/app/api/static/baked-in.css", TreeEntry.file("0".repeat(64), false));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(), diff.batch().deleted());
    assertTrue(scan().items().containsKey("/srv/static/logo.svg"));
    assertTrue(!scan().items().containsKey("/app/api/static/logo.svg"));
  }

  @Test
  void aDestinationInsideAnotherIsNeverDeletedByTheOuterSync() throws IOException {
    write("web/index.html", "<html/>");
    use(List.of(new SyncRule(base.resolve("web"), "/app"),
        new SyncRule(base.resolve("api"), "/app/api")), List.of("**/__pycache__/**"));
    Map<String, TreeEntry> container = containerLike(scan());
    container.put("/app/api/gone.py", TreeEntry.file("0".repeat(64), false));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(local("web/api/gone.py")), diff.batch().deleted(),
        "claimed by the first sync that covers it; the planner maps it back to /app/api/gone.py");
  }

  @Test
  void aDirectoryReplacedByAFileIsDeletedThenCopied() throws IOException {
    Map<String, TreeEntry> container = containerLike(scan());
    container.put("/app/api/app.py", TreeEntry.directory());
    container.put("/app/api/app.py/inner", TreeEntry.file("0".repeat(64), false));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(local("api/app.py")), diff.batch().changed());
    assertEquals(Set.of(local("api/app.py")), diff.batch().deleted());
    assertEquals(1, diff.copied());
    assertEquals(0, diff.deleted());
  }

  @Test
  void symlinksAreComparedByTarget() throws IOException {
    Files.createSymbolicLink(local("api/current.py"), Path.of("app.py"));
    Map<String, TreeEntry> container = containerLike(scan());
    assertTrue(diff(container).isEmpty());

    container.put("/app/api/current.py", TreeEntry.symlink("old.py"));
    assertEquals(Set.of(local("api/current.py")), diff(container).batch().changed());
  }

  @Test
  void jibsLayersTakeTheirFilesOfTheOutputDirectoryAndAnExtraDirectoryIsOnlyEverCopied()
      throws IOException {
    write("target/classes/demo/App.class", "v2");
    write("target/classes/demo/app.properties", "a=1");
    write("src/main/jib/etc/demo/greeting.txt", "hi");
    Path classes = local("target/classes");
    use(List.of(
        new SyncRule(classes, "/app/classes", new FileFilter(List.of("**.class"), List.of()), true),
        new SyncRule(classes, "/app/resources", new FileFilter(List.of(), List.of("**.class")),
            true),
        new SyncRule(local("src/main/jib"), "/", FileFilter.ALL, false)), List.of());
    Map<String, TreeEntry> container = new TreeMap<>();
    container.put("/app/classes/demo", TreeEntry.directory());
    container.put("/app/classes/demo/App.class", TreeEntry.file("0".repeat(64), false));
    container.put("/app/classes/demo/Gone.class", TreeEntry.file("0".repeat(64), false));
    container.put("/app/resources/demo", TreeEntry.directory());
    container.put("/app/resources/demo/app.properties", TreeEntry.file("0".repeat(64), false));
    container.put("/bin/sh", TreeEntry.file("0".repeat(64), true));
    container.put("/etc/demo/old.txt", TreeEntry.file("0".repeat(64), false));

    TreeDiff diff = diff(container);

    assertEquals(Set.of(local("target/classes/demo/App.class"),
        local("target/classes/demo/app.properties"), local("src/main/jib/etc/demo/greeting.txt")),
        diff.batch().changed(), "the extra directory's file is sent, whatever the container has");
    assertEquals(Set.of(local("target/classes/demo/Gone.class")), diff.batch().deleted(),
        "nothing below / is claimed: it holds the image's own files");
  }

  private TreeDiff diff(Map<String, TreeEntry> container) throws IOException {
    return TreeDiff.between(config, ignores, scan(), container);
  }

  private LocalTree scan() throws IOException {
    return LocalTree.scan(config, ignores);
  }

  private static Map<String, TreeEntry> containerLike(LocalTree tree) {
    Map<String, TreeEntry> container = new TreeMap<>();
    tree.items().forEach((path, item) -> container.put(path, item.entry()));
    return container;
  }

  private void use(List<SyncRule> syncs, List<String> ignorePatterns) {
    config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        syncs, List.of(), List.of(), ignorePatterns, Duration.ofMillis(50), Duration.ofSeconds(1),
        Optional.empty());
    ignores = IgnoreRules.of(base, base.resolve("target"),
        syncs.stream().map(SyncRule::from).toList(), ignorePatterns);
  }

  private Path local(String relative) {
    return base.resolve(relative);
  }

  private void write(String relative, String content) throws IOException {
    Path file = base.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
