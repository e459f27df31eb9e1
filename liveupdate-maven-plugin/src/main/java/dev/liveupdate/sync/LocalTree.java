package dev.liveupdate.sync;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The local side of a one-shot sync: every directory, file and symlink a sync would send, keyed by
 * its container path, with file contents hashed. A path counts when it lies in a sync's source,
 * belongs to that sync (the first declared whose source contains it, as for the dev loop) and is
 * not ignored (the same {@link IgnoreRules} as the watcher). When two syncs would put something at
 * the same container path, the first declared wins. Syncs of one source with filters (the
 * classes and the resources of {@code target/classes}) each walk its directories and keep the
 * files their filter takes.
 */
public final class LocalTree {

  /**
   * One local path and what it is.
   *
   * @param local absolute local path
   * @param rule  the sync it belongs to
   * @param entry what it is (a file's digest, a link's target)
   */
  public record Item(Path local, SyncRule rule, TreeEntry entry) {}

  private final SortedMap<String, Item> items;

  private LocalTree(SortedMap<String, Item> items) {
    this.items = Collections.unmodifiableSortedMap(items);
  }

  /** Container path to local item, sorted. */
  public SortedMap<String, Item> items() {
    return items;
  }

  /**
   * Walks and hashes every sync source.
   *
   * @throws IOException if a source cannot be read, or a name holds a line break (which the
   *                     container listing could not report back)
   */
  public static LocalTree scan(LiveUpdateConfig config, IgnoreRules ignores) throws IOException {
    SortedMap<String, Item> items = new TreeMap<>();
    for (SyncRule rule : config.syncs()) {
      Files.walkFileTree(rule.from(), new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          if (!dir.equals(rule.from())) {
            if (!ownedDirectory(dir) || ignores.ignoresEverythingBelow(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            if (ignores.isIgnored(dir)) {
              return FileVisitResult.CONTINUE;
            }
          }
          add(dir, TreeEntry.directory());
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          if (!owned(file) || ignores.isIgnored(file)) {
            return FileVisitResult.CONTINUE;
          }
          if (attrs.isSymbolicLink()) {
            add(file, TreeEntry.symlink(
                Files.readSymbolicLink(file).toString().replace('\\', '/')));
          } else if (attrs.isRegularFile()) {
            add(file, TreeEntry.file(sha256(file), Files.getPosixFilePermissions(file,
                LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE)));
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof java.nio.file.NoSuchFileException) {
            return FileVisitResult.CONTINUE; // deleted while the tree was read: it is gone
          }
          throw e;
        }

        private boolean owned(Path path) {
          return config.syncFor(path).filter(rule::equals).isPresent();
        }

        /** A directory is walked by every sync of the source it lies in, whatever the filters. */
        private boolean ownedDirectory(Path dir) {
          return config.sourceOf(dir).filter(rule.from()::equals).isPresent();
        }

        private void add(Path path, TreeEntry entry) throws IOException {
          if (path.toString().indexOf('\n') >= 0) {
            throw new IOException("'" + config.relativePath(path).replace("\n", "\\n")
                + "' has a line break in its name, which a sync cannot compare with the"
                + " container: rename it, or add it to <ignores>");
          }
          items.putIfAbsent(rule.containerPath(path), new Item(path, rule, entry));
        }
      });
    }
    return new LocalTree(items);
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(
        Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
