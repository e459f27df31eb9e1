package dev.liveupdate.watch;

import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What macOS FSEvents' events mean for the watcher, as a pure function of the reported paths and
 * flags (the values of Apple's {@code FSEvents.h}). The stream is created with file-level events,
 * so a path names the item itself; its flags are only hints, since FSEvents coalesces the flags of
 * everything that happened to a path within a moment, earlier operations included ({@code rm}
 * of a file just copied reports it Created, Removed and Modified). The reconciler looks at the
 * disk, so the mapping never needs to decide what happened:
 *
 * <ul>
 *   <li>events were dropped ({@code UserDropped}, {@code KernelDropped}): every anchor is {@link
 *       WatchHint.Kind#LOST lost}, as Apple asks for a full scan of every watched directory;
 *   <li>{@code MustScanSubDirs}, {@code RootChanged} (a watched directory, or one on its way, was
 *       moved or deleted), {@code Mount}, {@code Unmount}: the path is lost (every anchor if the
 *       path is outside them);
 *   <li>an item created, renamed (both its old and new path are reported), modified, cloned, or
 *       whose mode, owner or times changed: {@link WatchHint.Kind#CHANGED changed}, trusted as
 *       inotify's events are;
 *   <li>an item only removed, or only its extended attributes or Finder info changed, or an event
 *       without item flags (directory-level): {@link WatchHint.Kind#CHECK check}, compared with the
 *       known state;
 *   <li>{@code EventIdsWrapped}, {@code HistoryDone} and {@code OwnEvent} alone say nothing about
 *       files: no hint.
 * </ul>
 *
 * <p>FSEvents reports real paths ({@code /private/var/...} for {@code /var/...}, the case on disk),
 * and in the Unicode normalisation the volume stores; events are mapped back below the anchor as
 * the watcher spells it, both sides compared in NFC. An item outside every anchor (which should
 * not happen) makes every anchor checked.
 */
final class FsEventsMapping {

  static final int MUST_SCAN_SUB_DIRS = 0x00000001;
  static final int USER_DROPPED = 0x00000002;
  static final int KERNEL_DROPPED = 0x00000004;
  static final int EVENT_IDS_WRAPPED = 0x00000008;
  static final int HISTORY_DONE = 0x00000010;
  static final int ROOT_CHANGED = 0x00000020;
  static final int MOUNT = 0x00000040;
  static final int UNMOUNT = 0x00000080;
  static final int ITEM_CREATED = 0x00000100;
  static final int ITEM_REMOVED = 0x00000200;
  static final int ITEM_INODE_META_MOD = 0x00000400;
  static final int ITEM_RENAMED = 0x00000800;
  static final int ITEM_MODIFIED = 0x00001000;
  static final int ITEM_FINDER_INFO_MOD = 0x00002000;
  static final int ITEM_CHANGE_OWNER = 0x00004000;
  static final int ITEM_XATTR_MOD = 0x00008000;
  static final int ITEM_IS_FILE = 0x00010000;
  static final int ITEM_IS_DIR = 0x00020000;
  static final int ITEM_IS_SYMLINK = 0x00040000;
  static final int OWN_EVENT = 0x00080000;
  static final int ITEM_IS_HARDLINK = 0x00100000;
  static final int ITEM_IS_LAST_HARDLINK = 0x00200000;
  static final int ITEM_CLONED = 0x00400000;

  private static final int DROPPED = USER_DROPPED | KERNEL_DROPPED;
  private static final int RESCAN = MUST_SCAN_SUB_DIRS | ROOT_CHANGED | MOUNT | UNMOUNT;
  private static final int CHANGES = ITEM_CREATED | ITEM_RENAMED | ITEM_MODIFIED
      | ITEM_INODE_META_MOD | ITEM_CHANGE_OWNER | ITEM_CLONED;
  private static final int SAY_NOTHING = EVENT_IDS_WRAPPED | HISTORY_DONE | OWN_EVENT;

  /** A watched directory and its real path as FSEvents spells it, in NFC. */
  private record Anchor(Path path, String real) {}

  private final List<Anchor> anchors = new ArrayList<>();

  /** @param realPathByAnchor each anchor, as the watcher spells it, with its real path */
  FsEventsMapping(Map<Path, String> realPathByAnchor) {
    realPathByAnchor.forEach((path, real) -> anchors.add(new Anchor(path, nfc(trimSlash(real)))));
    anchors.sort(Comparator.comparingInt((Anchor a) -> a.real().length()).reversed());
  }

  /** The hints of one callback's events, in order. */
  List<WatchHint> map(String[] paths, int[] flags) {
    if (paths.length != flags.length) {
      throw new IllegalArgumentException(
          paths.length + " paths but " + flags.length + " flags in one FSEvents callback");
    }
    List<WatchHint> hints = new ArrayList<>();
    for (int i = 0; i < paths.length; i++) {
      map(paths[i], flags[i], hints);
    }
    return hints;
  }

  private void map(String reported, int flags, List<WatchHint> hints) {
    if ((flags & DROPPED) != 0) {
      anchors.forEach(anchor -> hints.add(WatchHint.lost(anchor.path())));
      return;
    }
    if (flags != 0 && (flags & ~SAY_NOTHING) == 0) {
      return;
    }
    Path path = toWatched(reported);
    if ((flags & RESCAN) != 0) {
      if (path == null) {
        anchors.forEach(anchor -> hints.add(WatchHint.lost(anchor.path())));
      } else {
        hints.add(WatchHint.lost(path));
      }
    } else if (path == null) {
      anchors.forEach(anchor -> hints.add(WatchHint.check(anchor.path())));
    } else if ((flags & CHANGES) != 0) {
      hints.add(WatchHint.changed(path));
    } else {
      hints.add(WatchHint.check(path));
    }
  }

  /** The reported path below the anchor that holds it, as the watcher spells it; else null. */
  Path toWatched(String reported) {
    String real = nfc(trimSlash(reported));
    for (Anchor anchor : anchors) {
      if (real.equals(anchor.real())) {
        return anchor.path();
      }
      String prefix = anchor.real().endsWith("/") ? anchor.real() : anchor.real() + "/";
      if (real.startsWith(prefix)) {
        return anchor.path().resolve(real.substring(prefix.length()));
      }
    }
    return null;
  }

  /** Directory-level events end in '/'; the root stays "/". */
  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  private static String nfc(String path) {
    return Normalizer.normalize(path, Normalizer.Form.NFC);
  }
}
