package dev.liveupdate.sync;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Compares the local tree with one container's listing and says, as a {@link ChangeBatch} of
 * local paths, what the dev loop would have been told had it watched every change: the files
 * and links that differ or are missing (changed), and what the container holds that is gone
 * locally (deleted). The batch then goes through the {@code Planner} as any other.
 *
 * <p>Rules:
 * <ul>
 *   <li>A file differs when its SHA-256 or its owner-execute bit differs; a symlink when its
 *       target differs; any path when its kind differs (it is then also deleted first, so a
 *       directory can become a file and back).
 *   <li>A container path is only ever deleted when a sync <i>claims</i> it: that sync owns its
 *       destination ({@link SyncRule#ownsDestination}), the path lies below it, the local path it stands for belongs to that sync (not to an earlier
 *       one nested in it), and that local path is not ignored. Anything else below a destination
 *       (files the app writes that are {@code <ignores>}d, another sync's subtree) is left alone.
 *   <li>A container directory that is gone locally is deleted as a whole, as the dev loop deletes
 *       a deleted directory. A destination, or a directory on the way to one, is never deleted.
 *   <li>What could not be read locally ({@link LocalTree#unread()}) is neither sent nor deleted:
 *       the container keeps what it has there.
 *   <li>Local directories are not copied as such (neither are they by the dev loop): an empty local
 *       directory is not created in the container.
 * </ul>
 *
 * @param batch    the local paths to send (changed) and to remove (deleted)
 * @param copied   files and links sent
 * @param deleted  container paths removed that are not replaced by a copy
 * @param upToDate files and links already equal
 */
public record TreeDiff(ChangeBatch batch, int copied, int deleted, int upToDate) {

  /** Nothing differs. */
  public boolean isEmpty() {
    return batch.isEmpty();
  }

  public static TreeDiff between(LiveUpdateConfig config, IgnoreRules ignores, LocalTree local,
      Map<String, TreeEntry> container) {
    SortedSet<Path> changed = new TreeSet<>();
    SortedSet<Path> deleted = new TreeSet<>();
    Set<String> removed = new HashSet<>();
    int upToDate = 0;
    for (Map.Entry<String, LocalTree.Item> e : local.items().entrySet()) {
      TreeEntry want = e.getValue().entry();
      TreeEntry have = container.get(e.getKey());
      Path path = e.getValue().local();
      if (want.isDirectory()) {
        if (have != null && !have.isDirectory()) {
          deleted.add(path);
          removed.add(e.getKey());
        }
      } else if (have == null) {
        changed.add(path);
      } else if (have.kind() != want.kind()) {
        changed.add(path);
        deleted.add(path);
        removed.add(e.getKey());
      } else if (have.equals(want)) {
        upToDate++;
      } else {
        changed.add(path);
      }
    }
    Set<String> kept = keptDirectories(config, local);
    // sorted: a directory comes before what it holds, so what a deleted directory held is skipped
    for (Map.Entry<String, TreeEntry> e : new java.util.TreeMap<>(container).entrySet()) {
      String path = e.getKey();
      if (local.items().containsKey(path) || below(path, removed)
          || local.unread().contains(path) || below(path, local.unread())
          || (e.getValue().isDirectory() && kept.contains(path))) {
        continue;
      }
      Optional<Path> claimed = claim(config, ignores, path);
      if (claimed.isPresent()) {
        deleted.add(claimed.get());
        removed.add(path);
      }
    }
    int deletedOnly = (int) deleted.stream().filter(p -> !changed.contains(p)).count();
    return new TreeDiff(new ChangeBatch(changed, deleted), changed.size(), deletedOnly, upToDate);
  }

  /** Every destination and the directories on the way to it, and every local directory. */
  private static Set<String> keptDirectories(LiveUpdateConfig config, LocalTree local) {
    Set<String> kept = new HashSet<>();
    for (SyncRule rule : config.syncs()) {
      for (String dir = rule.to(); !dir.isEmpty(); dir = parent(dir)) {
        kept.add(dir);
      }
    }
    local.items().forEach((path, item) -> {
      if (item.entry().isDirectory()) {
        kept.add(path);
      }
    });
    return kept;
  }

  /** The local path a sync claims this container path for, if one does. */
  static Optional<Path> claim(LiveUpdateConfig config, IgnoreRules ignores, String containerPath) {
    for (SyncRule rule : config.syncs()) {
      String prefix = rule.to().equals("/") ? "/" : rule.to() + "/";
      if (!rule.ownsDestination() || !containerPath.startsWith(prefix)
          || containerPath.length() == prefix.length()) {
        continue;
      }
      Path local = rule.from().resolve(containerPath.substring(prefix.length())).normalize();
      if (local.startsWith(rule.from()) && !local.equals(rule.from())
          && config.syncFor(local).filter(rule::equals).isPresent()
          && !ignores.isIgnored(local)) {
        return Optional.of(local);
      }
    }
    return Optional.empty();
  }

  private static boolean below(String path, Set<String> dirs) {
    for (String dir = parent(path); !dir.isEmpty(); dir = parent(dir)) {
      if (dirs.contains(dir)) {
        return true;
      }
    }
    return false;
  }

  /** {@code /a/b} → {@code /a} → {@code /} → {@code ""}. */
  private static String parent(String path) {
    if (path.equals("/")) {
      return "";
    }
    int slash = path.lastIndexOf('/');
    return slash == 0 ? "/" : path.substring(0, slash);
  }
}
