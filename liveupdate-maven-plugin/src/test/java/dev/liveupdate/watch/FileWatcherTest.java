package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes below one recursively watched directory. */
class FileWatcherTest {

  @TempDir Path temp;
  private Path basedir;
  private Path src;
  private FileWatcher watcher;
  private BatchCollector batches;

  @BeforeEach
  void setUp() throws IOException {
    basedir = Files.createDirectories(temp.resolve("project"));
    src = Files.createDirectories(basedir.resolve("src"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void start() throws IOException {
    IgnoreRules ignores = IgnoreRules.defaults(basedir, basedir.resolve("target"));
    watcher = FileWatcher.start(WatchSpec.of(List.of(WatchRoot.directory(src)), ignores), WatchListener.NONE);
    batches = new BatchCollector(watcher);
  }

  @Test
  void reportsCreateModifyAndDelete() throws Exception {
    Path existing = Files.writeString(src.resolve("existing.py"), "old");
    start();

    Path created = Files.writeString(src.resolve("app.py"), "print(1)");
    batches.awaitChanged(created);
    assertFalse(batches.changed().contains(existing), "files there before start are not changes");

    batches.reset();
    Files.writeString(existing, "new");
    batches.awaitChanged(existing);

    batches.reset();
    Files.delete(created);
    batches.awaitDeleted(created);
    assertEquals(Set.of(), batches.changed());
  }

  @Test
  void newNestedDirectoriesWithAFileWrittenAtOnceAreNotMissed() throws Exception {
    start();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Path dir = Files.createDirectories(src.resolve("n" + i + "/a/b/c"));
      files.add(Files.writeString(dir.resolve("f.txt"), "x"));
    }

    batches.awaitChanged(files.toArray(Path[]::new));
    assertTrue(watcher.isRegistered(src.resolve("n0/a/b/c")));

    batches.reset();
    Files.writeString(files.get(0), "again");
    batches.awaitChanged(files.get(0));
  }

  @Test
  void directoryDeletedRecursivelyIsOneDeletedPathAndItsKeysAreForgotten() throws Exception {
    Path dir = Files.createDirectories(src.resolve("d/e"));
    Files.writeString(dir.resolve("f.txt"), "x");
    Files.writeString(src.resolve("d/g.txt"), "x");
    start();
    int registeredBefore = watcher.registeredDirectoryCount();
    assertTrue(watcher.isRegistered(dir));

    PathUtils.deleteDirectory(src.resolve("d"));

    batches.awaitDeleted(src.resolve("d"));
    assertEquals(Set.of(src.resolve("d")), batches.deleted(), "paths below a deleted folder are left out");
    batches.await(
        () -> watcher.registeredDirectoryCount() == registeredBefore - 2, "keys of d and d/e forgotten");
    assertFalse(watcher.isRegistered(dir));
  }

  @Test
  void directoryMovedInIsReportedAndWatchedAndMovedOutIsForgotten() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside/x/z"));
    Files.writeString(outside.resolve("w.txt"), "w");
    Files.writeString(outside.getParent().resolve("y.txt"), "y");
    start();

    Path moved = Files.move(outside.getParent(), src.resolve("x"));
    batches.awaitChanged(moved.resolve("y.txt"), moved.resolve("z/w.txt"));

    batches.reset();
    Path added = Files.writeString(moved.resolve("z/new.txt"), "n");
    batches.awaitChanged(added);

    batches.reset();
    Path away = Files.move(moved, temp.resolve("away"));
    batches.awaitDeleted(moved);
    Files.writeString(away.resolve("z/after-move.txt"), "a");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");
    assertEquals(Set.of(), batches.changedUntil(sentinel), "the moved-away folder is not watched");
    assertFalse(watcher.isRegistered(moved.resolve("z")));
  }

  @Test
  void renamedFileIsOldDeletedAndNewChanged() throws Exception {
    Path old = Files.writeString(src.resolve("old.txt"), "x");
    start();

    Path renamed = Files.move(old, src.resolve("new.txt"));

    batches.awaitChanged(renamed);
    batches.awaitDeleted(old);
  }

  @Test
  void vimStyleSaveReportsOnlyTheEditedFile() throws Exception {
    Path app = Files.writeString(src.resolve("app.py"), "v1");
    start();

    Path probe = Files.writeString(src.resolve("4913"), "");
    Files.delete(probe);
    Path swap = Files.writeString(src.resolve(".app.py.swp"), "swap");
    Path backup = Files.move(app, src.resolve("app.py~"), StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(app, "v2");
    Files.delete(backup);
    Files.delete(swap);
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(app), batches.changedUntil(sentinel));
    assertEquals(Set.of(), batches.deleted());
  }

  @Test
  void fileCreatedAndDeletedWithinOneBatchIsNotReportedAtAll() throws Exception {
    watcher = FileWatcher.start(slowBatches(), WatchListener.NONE);
    batches = new BatchCollector(watcher);

    Path brief = Files.writeString(src.resolve("sedTmp1234"), "x");
    Files.delete(brief);
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(), batches.changedUntil(sentinel));
    assertEquals(Set.of(), batches.deleted(), "a file that existed neither before nor after");
  }

  @Test
  void existingFileDeletedRecreatedAndDeletedAgainIsReportedDeleted() throws Exception {
    Path old = Files.writeString(src.resolve("old.txt"), "x");
    watcher = FileWatcher.start(slowBatches(), WatchListener.NONE);
    batches = new BatchCollector(watcher);

    Files.delete(old);
    Files.writeString(old, "y");
    Files.delete(old);

    batches.awaitDeleted(old);
    assertEquals(Set.of(), batches.changed());
  }

  @Test
  void folderReplacedWithinOneBatchReportsItsOldFilesDeleted() throws Exception {
    Path dir = Files.createDirectories(src.resolve("d/sub"));
    Files.writeString(src.resolve("d/a.txt"), "a");
    Files.writeString(dir.resolve("b.txt"), "b");
    watcher = FileWatcher.start(slowBatches(), WatchListener.NONE);
    batches = new BatchCollector(watcher);

    Files.move(src.resolve("d"), temp.resolve("d-old")); // mv d ../d-old && mkdir d
    Files.createDirectory(src.resolve("d"));
    Path fresh = Files.writeString(src.resolve("d/new.txt"), "n");

    batches.awaitChanged(fresh);
    assertEquals(Set.of(src.resolve("d/a.txt"), src.resolve("d/sub")), batches.deleted());
    assertEquals(Set.of(fresh), batches.changed());
  }

  @Test
  void intellijSafeWriteReportsOnlyTheEditedFile() throws Exception {
    Path app = Files.writeString(src.resolve("App.java"), "v1");
    start();

    Path tmp = Files.writeString(src.resolve("App.java___jb_tmp___"), "v2");
    Path old = Files.move(app, src.resolve("App.java___jb_old___"));
    Files.move(tmp, app);
    Files.delete(old);
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");

    assertEquals(Set.of(app), batches.changedUntil(sentinel));
    assertEquals(Set.of(), batches.deleted());
  }

  @Test
  void fileReplacedByAFolderIsDeletedFirstAndTheReverseToo() throws Exception {
    Path path = Files.writeString(src.resolve("x"), "file");
    watcher = FileWatcher.start(slowBatches(), WatchListener.NONE);
    batches = new BatchCollector(watcher);

    Files.delete(path);
    Path inside = Files.writeString(Files.createDirectory(path).resolve("in.txt"), "i");
    batches.awaitChanged(inside);
    assertEquals(Set.of(path), batches.deleted(), "the file is removed before the folder lands");

    batches.reset();
    org.apache.commons.io.file.PathUtils.deleteDirectory(path);
    Files.writeString(path, "file again");
    batches.awaitChanged(path);
    assertEquals(Set.of(path), batches.deleted(), "the folder is removed before the file lands");
  }

  @Test
  void symlinksAreReportedNeverFollowed() throws Exception {
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Files.writeString(src.resolve("real.txt"), "r");
    start();

    Path fileLink = Files.createSymbolicLink(src.resolve("alias.txt"), Path.of("real.txt"));
    Path dirLink = Files.createSymbolicLink(src.resolve("ext"), elsewhere);
    batches.awaitChanged(fileLink, dirLink);

    batches.reset();
    Files.writeString(elsewhere.resolve("outside.txt"), "o");
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");
    assertEquals(Set.of(), batches.changedUntil(sentinel), "nothing is followed out of the tree");
    assertFalse(watcher.isRegistered(dirLink));
  }

  @Test
  void folderThatCannotBeWatchedIsRescannedInstead() throws Exception {
    Path stubborn = Files.createDirectories(src.resolve("stubborn"));
    Path known = Files.writeString(stubborn.resolve("known.txt"), "k");
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    IgnoreRules ignores = IgnoreRules.defaults(basedir, basedir.resolve("target"));
    watcher = FileWatcher.start(WatchSpec.of(List.of(WatchRoot.directory(src)), ignores),
        (message, cause) -> warnings.add(message),
        (dir, service) -> {
          if (dir.getFileName().toString().equals("stubborn")) {
            throw new IOException("User limit of inotify watches reached");
          }
          return JdkWatchBackend.registerWithService(dir, service);
        });
    batches = new BatchCollector(watcher);
    assertTrue(warnings.stream().anyMatch(w -> w.contains(stubborn.toString())
        && w.contains("rescanned every")), warnings.toString());

    Path added = Files.writeString(stubborn.resolve("added.txt"), "a");
    Files.delete(known);

    batches.awaitChanged(added);
    batches.awaitDeleted(known);
    assertFalse(watcher.isRegistered(stubborn));
  }

  private WatchSpec slowBatches() {
    IgnoreRules ignores = IgnoreRules.defaults(basedir, basedir.resolve("target"));
    return WatchSpec.of(List.of(WatchRoot.directory(src)), ignores)
        .withQuietPeriod(java.time.Duration.ofMillis(500))
        .withMaxBatchWait(java.time.Duration.ofSeconds(5));
  }
}
