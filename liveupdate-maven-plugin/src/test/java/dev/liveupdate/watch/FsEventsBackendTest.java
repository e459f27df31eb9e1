package dev.liveupdate.watch;

import static dev.liveupdate.watch.FsEventsMapping.ITEM_CREATED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_INODE_META_MOD;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_IS_DIR;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_IS_FILE;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_MODIFIED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_REMOVED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_RENAMED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_XATTR_MOD;
import static dev.liveupdate.watch.FsEventsMapping.MUST_SCAN_SUB_DIRS;
import static dev.liveupdate.watch.FsEventsMapping.USER_DROPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.ignore.IgnoreRules;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher through {@link FsEventsBackend}, on real files, with the native stream replaced by
 * a stand-in that delivers, from a thread of its own as FSEvents' run loop does, the events macOS
 * reports for what the test did (flags as in {@link FsEventsMappingTest}). Everything of the
 * macOS path runs here but the JNA calls of {@link CarbonEventStream}.
 */
class FsEventsBackendTest {

  @TempDir Path temp;
  private Path basedir;
  private Path realBasedir;
  private Path src;
  private FakeStream stream;
  private FileWatcher watcher;
  private BatchCollector batches;
  private final List<Path> overflows = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    // the project is reached through a symlink, as /var is on macOS: FSEvents reports real paths
    realBasedir = Files.createDirectories(temp.resolve("real/project"));
    Files.createSymbolicLink(temp.resolve("link"), temp.resolve("real"));
    basedir = temp.resolve("link/project");
    src = Files.createDirectories(basedir.resolve("src"));
  }

  @AfterEach
  void tearDown() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
  }

  @Test
  void oneStreamOverTheRealPathAndEventsComeBackAsTheWatcherSpellsThem() throws Exception {
    start(FsEventsBackend.QUEUE_CAPACITY);
    assertEquals(List.of(realBasedir.toRealPath().toString()), stream.realPaths);
    assertEquals("macOS FSEvents", watcher.backendName());
    assertTrue(watcher.isRegistered(src), "folders in scope are recorded as watched");

    Path app = Files.writeString(src.resolve("app.py"), "1");
    stream.deliver(app, ITEM_CREATED | ITEM_IS_FILE);
    batches.awaitChanged(app);
    assertTrue(app.startsWith(basedir));
  }

  @Test
  void editsRenamesRemovalsAndFoldersAsFsEventsReportsThem() throws Exception {
    Path old = Files.writeString(src.resolve("old.txt"), "o");
    Path keep = Files.writeString(src.resolve("keep.txt"), "k");
    Path doomed = Files.createDirectories(src.resolve("d/e"));
    Files.writeString(doomed.resolve("f.txt"), "f");
    Path outside = Files.createDirectories(temp.resolve("outside/x/z"));
    Files.writeString(outside.resolve("w.txt"), "w");
    start(FsEventsBackend.QUEUE_CAPACITY);

    Path renamed = Files.move(old, src.resolve("new.txt"));
    stream.deliver(old, ITEM_RENAMED | ITEM_IS_FILE, renamed,
        ITEM_REMOVED | ITEM_RENAMED | ITEM_IS_FILE);
    batches.awaitDeleted(old);
    batches.awaitChanged(renamed);

    batches.reset();
    Files.writeString(keep, "k2");
    Path brief = Files.writeString(src.resolve("sedTmp1"), "t");
    Files.delete(brief);
    stream.deliver(keep, ITEM_MODIFIED | ITEM_INODE_META_MOD | ITEM_IS_FILE,
        brief, ITEM_CREATED | ITEM_REMOVED | ITEM_IS_FILE);
    batches.awaitChanged(keep);
    assertEquals(Set.of(keep), batches.changed(), "a file that lived within the batch is not sent");

    batches.reset();
    Path movedIn = Files.move(outside.getParent(), src.resolve("x"));
    stream.deliver(movedIn, ITEM_RENAMED | ITEM_IS_DIR); // nothing is said of what is inside
    batches.awaitChanged(movedIn.resolve("z/w.txt"));
    assertTrue(watcher.isRegistered(movedIn.resolve("z")));

    batches.reset();
    PathUtils.deleteDirectory(src.resolve("d"));
    stream.deliver(doomed.resolve("f.txt"), ITEM_REMOVED | ITEM_IS_FILE, doomed,
        ITEM_REMOVED | ITEM_IS_DIR, src.resolve("d"), ITEM_REMOVED | ITEM_IS_DIR);
    batches.awaitDeleted(src.resolve("d"));
    assertEquals(Set.of(src.resolve("d")), batches.deleted());
    assertTrue(!watcher.isRegistered(doomed), "forgotten");
  }

  @Test
  void anAttributeOnlyEventOnAnUnchangedFileSendsNothing() throws Exception {
    Path settled = Files.writeString(src.resolve("settled.txt"), "s");
    Files.setLastModifiedTime(settled, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    start(FsEventsBackend.QUEUE_CAPACITY);

    stream.deliver(settled, ITEM_XATTR_MOD | ITEM_IS_FILE);
    Path sentinel = Files.writeString(src.resolve("sentinel"), "s");
    stream.deliver(sentinel, ITEM_CREATED | ITEM_IS_FILE);

    assertEquals(Set.of(), batches.changedUntil(sentinel));
  }

  @Test
  void droppedEventsMeanARescanOfEverything() throws Exception {
    Path gone = Files.writeString(src.resolve("gone.txt"), "g");
    start(FsEventsBackend.QUEUE_CAPACITY);

    Path added = Files.writeString(Files.createDirectories(src.resolve("n/m")).resolve("a"), "a");
    Files.delete(gone);
    // what FSEvents delivers after it dropped events: one path, MustScanSubDirs and UserDropped
    stream.deliver(src.resolve("n"), MUST_SCAN_SUB_DIRS | USER_DROPPED);

    batches.awaitChanged(added);
    batches.awaitDeleted(gone);
    assertEquals(List.of(basedir), overflows);
  }

  @Test
  void hintsTheWatcherCannotTakeInTimeBecomeARescan() throws Exception {
    start(3);
    List<Object> events = new ArrayList<>();
    Set<Path> written = new java.util.TreeSet<>();
    for (int i = 0; i < 10; i++) {
      Path file = Files.writeString(src.resolve("f" + i), "x");
      written.add(file);
      events.add(file);
      events.add(ITEM_CREATED | ITEM_IS_FILE);
    }
    stream.deliver(events.toArray()); // ten hints where three fit

    batches.awaitChanged(written.toArray(Path[]::new));
    assertEquals(written, batches.changed());
    assertEquals(List.of(basedir), overflows);
  }

  @Test
  void churnInIgnoredFoldersDoesNotFillTheQueue() throws Exception {
    Path objects = Files.createDirectories(basedir.resolve(".git/objects"));
    start(3);
    List<Object> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) { // a checkout writes far more below .git than in the tree
      events.add(Files.writeString(objects.resolve("o" + i), "blob"));
      events.add(ITEM_CREATED | ITEM_IS_FILE);
    }
    Path checkedOut = Files.writeString(src.resolve("A.java"), "class A {}");
    events.add(checkedOut);
    events.add(ITEM_CREATED | ITEM_IS_FILE);
    stream.deliver(events.toArray());

    batches.awaitChanged(checkedOut);
    assertEquals(Set.of(checkedOut), batches.changed());
    assertEquals(List.of(), overflows, "no rescan: the ignored paths never reached the queue");
  }

  @Test
  void aFailingStreamStopsTheWatcherWithItsCause() throws Exception {
    start(FsEventsBackend.QUEUE_CAPACITY);
    UnsatisfiedLinkError cause = new UnsatisfiedLinkError("FSEvents went away");

    stream.callback.failed(cause);

    IllegalStateException thrown =
        assertThrows(IllegalStateException.class, () -> watcher.poll(Duration.ofSeconds(10)));
    assertSame(cause, thrown.getCause().getCause());
  }

  @Test
  void closeStopsTheStream() throws Exception {
    start(FsEventsBackend.QUEUE_CAPACITY);

    watcher.close();

    assertTrue(stream.closed, "the native stream is closed");
    assertNull(watcher.poll(Duration.ofSeconds(30)), "a closed watcher does not block");
  }

  private void start(int queueCapacity) throws IOException {
    IgnoreRules ignores = IgnoreRules.defaults(basedir, basedir.resolve("target"));
    WatchListener listener = new WatchListener() {
      @Override
      public void onWarning(String message, Throwable cause) {}

      @Override
      public void onOverflow(Path directory) {
        overflows.add(directory);
      }
    };
    watcher = FileWatcher.start(WatchSpec.of(List.of(WatchRoot.directory(src)), ignores),
        listener, FsEventsBackend.factory((paths, callback) -> {
          stream = new FakeStream(paths, callback);
          return stream;
        }, "Mac OS X", queueCapacity));
    batches = new BatchCollector(watcher);
  }

  /**
   * The native stream's stand-in: what it was asked to watch, and a thread of its own that
   * delivers one callback's events, with paths spelled as FSEvents spells them (real paths).
   */
  private final class FakeStream implements Closeable {
    final List<String> realPaths;
    final FsEventsBackend.Callback callback;
    volatile boolean closed;
    private final ExecutorService runLoop =
        Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "fake-fsevents"));

    FakeStream(List<String> realPaths, FsEventsBackend.Callback callback) {
      this.realPaths = realPaths;
      this.callback = callback;
    }

    /** One callback: a path, its flags, a path, its flags... */
    void deliver(Object... pathsAndFlags) throws Exception {
      String[] paths = new String[pathsAndFlags.length / 2];
      int[] flags = new int[paths.length];
      for (int i = 0; i < paths.length; i++) {
        Path path = (Path) pathsAndFlags[2 * i];
        paths[i] = realBasedir.toRealPath().resolve(basedir.relativize(path)).toString();
        flags[i] = (Integer) pathsAndFlags[2 * i + 1];
      }
      runLoop.submit(() -> callback.events(paths, flags)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      closed = true;
      runLoop.shutdownNow();
    }
  }
}
