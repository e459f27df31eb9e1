package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which roots are watched and what is ignored. */
class FileWatcherRootsTest {

  @TempDir Path basedir;
  private Path target;
  private Path src;
  private FileWatcher watcher;
  private BatchCollector batches;

  @BeforeEach
  void setUp() throws IOException {
    target = basedir.resolve("target");
    src = Files.createDirectories(basedir.resolve("src"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void start(IgnoreRules ignores, WatchRoot... roots) throws IOException {
    watcher = FileWatcher.start(WatchSpec.of(List.of(roots), ignores), WatchListener.NONE);
    batches = new BatchCollector(watcher);
  }

  @Test
  void singleFileRootReportsOnlyThatFile() throws Exception {
    Path pom = Files.writeString(basedir.resolve("pom.xml"), "<project/>");
    start(IgnoreRules.defaults(basedir, target), WatchRoot.file(pom), WatchRoot.directory(src));

    Files.writeString(pom, "<project></project>");
    Files.writeString(basedir.resolve("other.xml"), "<other/>");
    Path subdir = Files.createDirectories(basedir.resolve("docs"));
    Files.writeString(subdir.resolve("index.md"), "#");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(pom), batches.changedUntil(sentinel));
    assertFalse(watcher.isRegistered(subdir), "the file's parent is not watched recursively");

    batches.reset();
    Files.delete(pom);
    batches.awaitDeleted(pom);
  }

  @Test
  void patternRootReportsOnlyMatchingFiles() throws Exception {
    Path config = Files.createDirectories(basedir.resolve("config/sub"));
    start(
        IgnoreRules.defaults(basedir, target),
        WatchRoot.forConfiguredPath(basedir, "config/**/*.yaml"),
        WatchRoot.directory(src));

    Path top = Files.writeString(basedir.resolve("config/a.yaml"), "a: 1");
    Path nested = Files.writeString(config.resolve("b.yaml"), "b: 1");
    Path created = Files.createDirectories(basedir.resolve("config/new/deeper"));
    Path inNew = Files.writeString(created.resolve("c.yaml"), "c: 1");
    Files.writeString(config.resolve("notes.txt"), "no");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(top, nested, inNew), batches.changedUntil(sentinel));
  }

  @Test
  void ignoredPathsAndVersionControlAreNeverReportedNorRegistered() throws Exception {
    Files.createDirectories(basedir.resolve(".git/objects"));
    Files.createDirectories(target.resolve("classes"));
    IgnoreRules ignores =
        IgnoreRules.of(basedir, target, List.of(src), List.of("**/*.log", "docs/"));
    start(ignores, WatchRoot.directory(basedir));

    Files.writeString(basedir.resolve(".git/objects/ab12"), "blob");
    Files.writeString(basedir.resolve(".git/index.lock"), "lock");
    Files.writeString(src.resolve("server.log"), "log");
    Path docs = Files.createDirectories(basedir.resolve("docs/guide"));
    Files.writeString(docs.resolve("index.md"), "#");
    Files.writeString(target.resolve("classes/A.class"), "class");
    Path archive = Files.createDirectories(basedir.resolve("archive.log"));
    Path keep = Files.writeString(archive.resolve("keep.txt"), "only the folder's name matches");
    Files.writeString(src.resolve(".#app.py"), "emacs lock");
    Files.writeString(src.resolve("app.py___jb_tmp___"), "jetbrains");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(keep), batches.changedUntil(sentinel));
    assertTrue(watcher.isRegistered(src));
    assertFalse(watcher.isRegistered(basedir.resolve(".git")));
    assertFalse(watcher.isRegistered(basedir.resolve(".git/objects")));
    assertFalse(watcher.isRegistered(target));
    assertFalse(watcher.isRegistered(docs));
  }

  @ParameterizedTest(name = "whole module watched: {0}")
  @ValueSource(booleans = {false, true})
  void buildDirectoryIsWatchedWhenItHoldsASyncSourceEvenAfterMvnClean(boolean wholeModule)
      throws Exception {
    Path classes = target.resolve("classes");
    IgnoreRules ignores = IgnoreRules.of(basedir, target, List.of(classes), List.of());
    if (wholeModule) {
      start(ignores, WatchRoot.directory(basedir));
    } else {
      start(ignores, WatchRoot.directory(classes), WatchRoot.directory(src));
    }

    Path compiled = Files.writeString(Files.createDirectories(classes.resolve("dev")).resolve("A.class"), "1");
    Path generated = Files.createDirectories(target.resolve("generated-sources"));
    Files.writeString(generated.resolve("B.java"), "class B {}");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");
    assertEquals(Set.of(compiled), batches.changedUntil(sentinel));
    assertFalse(watcher.isRegistered(generated));

    batches.reset();
    PathUtils.deleteDirectory(target);
    batches.awaitDeleted(classes);
    Path sentinel2 = Files.writeString(src.resolve("sentinel2"), "s");
    batches.awaitChanged(sentinel2);
    assertEquals(Set.of(classes), batches.deleted(), "target/ itself is build output");

    batches.reset();
    Path recompiled =
        Files.writeString(Files.createDirectories(classes.resolve("dev")).resolve("A.class"), "2");
    batches.awaitChanged(recompiled);
  }

  @Test
  void missingDirectoryRootIsPickedUpWhenCreated() throws Exception {
    Path api = basedir.resolve("services/api");
    start(IgnoreRules.defaults(basedir, target), WatchRoot.directory(api));

    Path app = Files.writeString(Files.createDirectories(api.resolve("pkg")).resolve("app.py"), "x");

    batches.awaitChanged(app);
    assertTrue(watcher.isRegistered(api.resolve("pkg")));
  }

  @Test
  void configuredPathsBecomeTheRightKindOfRoot() throws IOException {
    Files.createDirectories(basedir.resolve("web"));

    assertEquals(WatchRoot.file(basedir.resolve("pom.xml")), WatchRoot.forConfiguredPath(basedir, "pom.xml"));
    assertEquals(WatchRoot.directory(basedir.resolve("web")), WatchRoot.forConfiguredPath(basedir, "web"));
    assertEquals(WatchRoot.directory(basedir.resolve("web")),
        WatchRoot.forConfiguredPath(basedir, "web/"), "a trailing '/' names a folder");
    assertEquals(WatchRoot.directory(basedir.resolve("gone")),
        WatchRoot.forConfiguredPath(basedir, "gone/"), "even one that does not exist yet");
    assertEquals(
        new WatchRoot(basedir.resolve("src/main"), WatchRoot.Kind.PATTERN, "**/*.sh"),
        WatchRoot.forConfiguredPath(basedir, "src/main/**/*.sh"));
    assertEquals(
        new WatchRoot(basedir, WatchRoot.Kind.PATTERN, "*.xml"),
        WatchRoot.forConfiguredPath(basedir, "*.xml"));
  }
}
