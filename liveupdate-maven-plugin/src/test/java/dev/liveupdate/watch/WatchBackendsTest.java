package dev.liveupdate.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which backend is picked, and how it is forced. */
class WatchBackendsTest {

  @TempDir Path basedir;

  @Test
  void propertyValues() {
    assertEquals(WatchBackends.Choice.AUTO, WatchBackends.choice(null));
    assertEquals(WatchBackends.Choice.AUTO, WatchBackends.choice(" "));
    assertEquals(WatchBackends.Choice.JDK, WatchBackends.choice("jdk"));
    assertEquals(WatchBackends.Choice.FSEVENTS, WatchBackends.choice(" FSEvents "));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> WatchBackends.choice("inotify"));
    assertEquals("-Dliveupdate.watcher must be auto, jdk or fsevents, got 'inotify'",
        bad.getMessage());
  }

  @Test
  void macOsIsRecognisedByItsName() {
    assertTrue(WatchBackends.isMac("Mac OS X"));
    assertTrue(!WatchBackends.isMac("Linux") && !WatchBackends.isMac("Windows 11"));
  }

  @Test
  void autoIsTheJdkWatchServiceOffMacOs() throws IOException {
    for (String os : List.of("Linux", "Windows 11", "FreeBSD")) {
      try (WatchBackend backend = open(WatchBackends.forChoice(WatchBackends.Choice.AUTO, os),
          WatchListener.NONE)) {
        assertEquals("JDK WatchService", backend.name(), os);
      }
    }
  }

  @Test
  void fsEventsForcedOffMacOsFailsSayingWhy() {
    IOException refused = assertThrows(IOException.class,
        () -> open(FsEventsBackend.factory(), WatchListener.NONE));
    assertTrue(refused.getMessage().contains("exists only on macOS"), refused.getMessage());
    assertTrue(refused.getMessage().contains(System.getProperty("os.name")), refused.getMessage());
  }

  @Test
  void autoOnMacOsFallsBackToTheJdkWithAWarningWhenFsEventsCannotOpen() throws IOException {
    UnsatisfiedLinkError noCarbon = new UnsatisfiedLinkError("Unable to load library 'Carbon'");
    FsEventsBackend.StreamOpener broken = (paths, callback) -> {
      throw noCarbon;
    };
    List<Throwable> causes = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    WatchListener listener = (message, cause) -> {
      warnings.add(message);
      causes.add(cause);
    };
    try (WatchBackend backend = open(WatchBackends.fsEventsOrJdk(
        FsEventsBackend.factory(broken, "Mac OS X", 10)), listener)) {
      assertEquals("JDK WatchService", backend.name());
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("macOS FSEvents cannot be used (java.lang."
        + "UnsatisfiedLinkError: Unable to load library 'Carbon'); watching with the JDK's "
        + "WatchService instead, which polls"), warnings.get(0));
    assertTrue(warnings.get(0).endsWith("-Dliveupdate.watcher=jdk chooses it without this warning"),
        warnings.get(0));
    assertEquals(List.of(noCarbon), causes);
  }

  private WatchBackend open(WatchBackend.Factory factory, WatchListener listener)
      throws IOException {
    WatchScope scope = new WatchScope(List.of(WatchRoot.directory(basedir)),
        IgnoreRules.defaults(basedir, basedir.resolve("target")));
    return factory.open(Set.of(basedir), scope, listener);
  }
}
