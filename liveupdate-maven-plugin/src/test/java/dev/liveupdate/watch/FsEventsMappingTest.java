package dev.liveupdate.watch;

import static dev.liveupdate.watch.FsEventsMapping.EVENT_IDS_WRAPPED;
import static dev.liveupdate.watch.FsEventsMapping.HISTORY_DONE;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_CHANGE_OWNER;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_CLONED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_CREATED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_FINDER_INFO_MOD;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_INODE_META_MOD;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_IS_DIR;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_IS_FILE;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_IS_SYMLINK;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_MODIFIED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_REMOVED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_RENAMED;
import static dev.liveupdate.watch.FsEventsMapping.ITEM_XATTR_MOD;
import static dev.liveupdate.watch.FsEventsMapping.KERNEL_DROPPED;
import static dev.liveupdate.watch.FsEventsMapping.MOUNT;
import static dev.liveupdate.watch.FsEventsMapping.MUST_SCAN_SUB_DIRS;
import static dev.liveupdate.watch.FsEventsMapping.OWN_EVENT;
import static dev.liveupdate.watch.FsEventsMapping.ROOT_CHANGED;
import static dev.liveupdate.watch.FsEventsMapping.UNMOUNT;
import static dev.liveupdate.watch.FsEventsMapping.USER_DROPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The FSEvents mapping as a pure function, on flag combinations macOS delivers. Those marked
 * "seen" were printed on Macs by others and published: {@code fswatch -x} output in fswatch issues
 * 62 ({@code touch} then {@code rm}), 111 (create then rename), 144 ({@code cp} then {@code rm}),
 * 243 ({@code touch} of an existing file on 10.15), and .NET's corefx issue 8547 (a file created,
 * its times set, appended to, deleted). The others follow Apple's {@code FSEvents.h}. This project
 * has no Mac in CI: the mapping is tested here, the native stream is not run.
 */
class FsEventsMappingTest {

  private static final Path PROJECT = Path.of("/Users/dev/project");
  private static final Path OTHER = Path.of("/Users/dev/shared");
  private final FsEventsMapping mapping = mapping(Map.of(PROJECT, "/Users/dev/project"));

  @Test
  void fileCreatedModifiedOrTouchedIsChangedAsTheEventSays() {
    assertEquals(List.of(changed("a.txt")), map("a.txt", ITEM_CREATED | ITEM_IS_FILE)); // seen
    assertEquals(List.of(changed("a.txt")),
        map("a.txt", ITEM_CREATED | ITEM_INODE_META_MOD | ITEM_MODIFIED | ITEM_IS_FILE)); // seen
    assertEquals(List.of(changed("a.txt")), map("a.txt", ITEM_INODE_META_MOD | ITEM_IS_FILE),
        "touch of an existing file, chmod"); // seen
    assertEquals(List.of(changed("a.txt")), map("a.txt", ITEM_CHANGE_OWNER | ITEM_IS_FILE));
    assertEquals(List.of(changed("b.txt")), map("b.txt", ITEM_CLONED | ITEM_IS_FILE), "cp -c");
    assertEquals(List.of(changed("link")), map("link", ITEM_CREATED | ITEM_IS_SYMLINK));
  }

  @Test
  void removalWithCoalescedFlagsIsLeftToTheDiskToDecide() {
    // rm right after touch or cp: FSEvents reports every flag of the moment, Created included;
    // "changed" makes the reconciler look, and a path that is gone is reported deleted.
    assertEquals(List.of(changed("aa")), map("aa", ITEM_CREATED | ITEM_REMOVED | ITEM_IS_FILE));
    assertEquals(List.of(changed("PDF.pdf")), map("PDF.pdf", ITEM_CREATED | ITEM_REMOVED
        | ITEM_MODIFIED | ITEM_CHANGE_OWNER | ITEM_XATTR_MOD | ITEM_IS_FILE)); // seen, cp and rm
    assertEquals(List.of(check("old.txt")), map("old.txt", ITEM_REMOVED | ITEM_IS_FILE));
    assertEquals(List.of(check("gone")), map("gone", ITEM_REMOVED | ITEM_IS_DIR));
  }

  @Test
  void renameReportsBothPathsAndBothAreLookedAt() {
    // seen: "before.txt Created Renamed IsFile", "after.txt Removed Renamed IsFile" (the new path
    // carries Removed: flags of earlier operations on that name are coalesced in)
    int[] flags = {ITEM_CREATED | ITEM_IS_FILE, ITEM_CREATED | ITEM_RENAMED | ITEM_IS_FILE,
        ITEM_REMOVED | ITEM_RENAMED | ITEM_IS_FILE};
    assertEquals(List.of(changed("before.txt"), changed("before.txt"), changed("after.txt")),
        mapping.map(paths("before.txt", "before.txt", "after.txt"), flags));
    assertEquals(List.of(changed("d-renamed")), map("d-renamed", ITEM_RENAMED | ITEM_IS_DIR),
        "a folder moved in: the reconciler walks it");
  }

  @Test
  void attributeOnlyChangesAndDirectoryLevelEventsAreCompared() {
    assertEquals(List.of(check("a.txt")), map("a.txt", ITEM_XATTR_MOD | ITEM_IS_FILE));
    assertEquals(List.of(check("a.txt")), map("a.txt", ITEM_FINDER_INFO_MOD | ITEM_IS_FILE));
    assertEquals(List.of(check("src")), mapping.map(
        new String[] {"/Users/dev/project/src/"}, new int[] {0}), "no item flags: a folder");
  }

  @Test
  void droppedEventsLoseEveryAnchor() {
    FsEventsMapping two = mapping(Map.of(PROJECT, "/Users/dev/project", OTHER,
        "/Users/dev/shared"));
    for (int dropped : new int[] {USER_DROPPED, KERNEL_DROPPED}) {
      List<WatchHint> hints = two.map(paths("src"), new int[] {MUST_SCAN_SUB_DIRS | dropped});
      assertEquals(2, hints.size(), hints.toString());
      assertEquals(Set.of(WatchHint.lost(PROJECT), WatchHint.lost(OTHER)),
          Set.copyOf(hints));
    }
  }

  @Test
  void mustScanSubDirsRootChangedAndMountsLoseThePath() {
    assertEquals(List.of(lost("src/main")), map("src/main", MUST_SCAN_SUB_DIRS));
    assertEquals(List.of(WatchHint.lost(PROJECT)),
        mapping.map(new String[] {"/Users/dev/project"}, new int[] {ROOT_CHANGED}));
    assertEquals(List.of(lost("vol")), map("vol", MOUNT));
    assertEquals(List.of(lost("vol")), map("vol", UNMOUNT));
    assertEquals(List.of(WatchHint.lost(PROJECT)),
        mapping.map(new String[] {"/Volumes/elsewhere"}, new int[] {MUST_SCAN_SUB_DIRS}),
        "outside every anchor: every anchor");
  }

  @Test
  void flagsThatSayNothingAboutFilesAreSkipped() {
    assertEquals(List.of(), map("", EVENT_IDS_WRAPPED));
    assertEquals(List.of(), map("", HISTORY_DONE));
    assertEquals(List.of(), map("a.txt", OWN_EVENT));
    assertEquals(List.of(changed("a.txt")), map("a.txt", OWN_EVENT | ITEM_MODIFIED | ITEM_IS_FILE));
  }

  @Test
  void realPathsMapBackToTheWatchersSpelling() {
    // /var is a symlink to /private/var on macOS; FSEvents reports the real path
    Path temp = Path.of("/var/folders/xy/T/junit1/project");
    FsEventsMapping viaLink = mapping(Map.of(temp, "/private/var/folders/xy/T/junit1/project"));
    assertEquals(temp.resolve("src/A.java"),
        viaLink.toWatched("/private/var/folders/xy/T/junit1/project/src/A.java"));
    assertEquals(temp, viaLink.toWatched("/private/var/folders/xy/T/junit1/project/"));
    assertNull(viaLink.toWatched("/private/var/folders/xy/T/junit1/project2/x"),
        "a sibling whose name starts alike is not below the anchor");
  }

  @Test
  void unicodeNormalisationOfTheVolumeDoesNotMatter() {
    String nfc = "/Users/zo\u00eb/proj\u00e9t";
    FsEventsMapping accented = mapping(Map.of(Path.of(nfc), nfc));
    String nfd = Normalizer.normalize(nfc + "/caf\u00e9.txt", Normalizer.Form.NFD);
    assertEquals(Path.of(nfc, "caf\u00e9.txt"), accented.toWatched(nfd));
  }

  @Test
  void nestedAnchorsTakeTheDeepestAndOutsidePathsCheckEveryAnchor() {
    Path nested = PROJECT.resolve("target/classes");
    Map<Path, String> anchors = new LinkedHashMap<>();
    anchors.put(PROJECT, "/Users/dev/project");
    anchors.put(nested, "/Users/dev/project/target/classes");
    FsEventsMapping both = mapping(anchors);
    assertEquals(nested.resolve("A.class"),
        both.toWatched("/Users/dev/project/target/classes/A.class"));
    assertEquals(Set.of(WatchHint.check(PROJECT), WatchHint.check(nested)),
        Set.copyOf(both.map(new String[] {"/tmp/elsewhere.txt"},
            new int[] {ITEM_CREATED | ITEM_IS_FILE})));
  }

  @Test
  void pathsAndFlagsMustPair() {
    assertThrows(IllegalArgumentException.class,
        () -> mapping.map(new String[] {"/a", "/b"}, new int[] {0}));
  }

  private static FsEventsMapping mapping(Map<Path, String> anchors) {
    return new FsEventsMapping(anchors);
  }

  private List<WatchHint> map(String relative, int flags) {
    return mapping.map(paths(relative), new int[] {flags});
  }

  private static String[] paths(String... relative) {
    String[] paths = new String[relative.length];
    for (int i = 0; i < relative.length; i++) {
      paths[i] = relative[i].isEmpty() ? "" : "/Users/dev/project/" + relative[i];
    }
    return paths;
  }

  private static WatchHint changed(String relative) {
    return WatchHint.changed(PROJECT.resolve(relative));
  }

  private static WatchHint check(String relative) {
    return WatchHint.check(PROJECT.resolve(relative));
  }

  private static WatchHint lost(String relative) {
    return WatchHint.lost(PROJECT.resolve(relative));
  }
}
