package dev.liveupdate.sync;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>What cannot be sent is left out and said why, as the dev loop does, and the sync goes on: a
 * symlink that resolves outside its source ({@link SymlinkCheck}: the container's copy is then
 * deleted, as the dev loop deletes it), and a path that cannot be read (permissions, a name longer
 * than the system allows: what the container holds there is then left alone). A name may hold a
 * line break: the listing and the copy carry such names whole.
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
  private final List<String> skipped;
  private final Set<String> unread;

  private LocalTree(SortedMap<String, Item> items, List<String> skipped, Set<String> unread) {
    this.items = Collections.unmodifiableSortedMap(items);
    this.skipped = List.copyOf(skipped);
    this.unread = Set.copyOf(unread);
  }

  /** Why paths were left out, one line each, for warnings. */
  public List<String> skipped() {
    return skipped;
  }

  /**
   * The container paths of what could not be read locally: they, and everything below them, are
   * neither sent nor deleted.
   */
  public Set<String> unread() {
    return unread;
  }

  /** Container path to local item, sorted. */
  public SortedMap<String, Item> items() {
    return items;
  }

  /**
   * Walks and hashes every sync source.
   *
   * @throws IOException if a sync source itself cannot be read
   */
  public static LocalTree scan(LiveUpdateConfig config, IgnoreRules ignores) throws IOException {
    SortedMap<String, Item> items = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    Set<String> unread = new HashSet<>();
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
          try {
            if (attrs.isSymbolicLink()) {
              Optional<String> refused = SymlinkCheck.refusal(file, rule.from());
              if (refused.isPresent()) {
                skipped.add(refused.get());
              } else {
                add(file, TreeEntry.symlink(
                    Files.readSymbolicLink(file).toString().replace('\\', '/')));
              }
            } else if (attrs.isRegularFile()) {
              add(file, TreeEntry.file(sha256(file), Files.getPosixFilePermissions(file,
                  LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OWNER_EXECUTE)));
            }
          } catch (IOException e) {
            return visitFileFailed(file, e);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
          if (e instanceof NoSuchFileException || e instanceof NotLinkException) {
            return FileVisitResult.CONTINUE; // deleted or replaced while the tree was read
          }
          if (file.equals(rule.from())) {
            throw e;
          }
          if (!owned(file) || ignores.isIgnored(file)) {
            return FileVisitResult.CONTINUE;
          }
          skipped.add(config.relativePath(file) + " cannot be read, so it is neither synced nor"
              + " deleted in the container: " + reason(e));
          unread.add(rule.containerPath(file));
          return FileVisitResult.CONTINUE;
        }

        private boolean owned(Path path) {
          return config.syncFor(path).filter(rule::equals).isPresent();
        }

        /** A directory is walked by every sync of the source it lies in, whatever the filters. */
        private boolean ownedDirectory(Path dir) {
          return config.sourceOf(dir).filter(rule.from()::equals).isPresent();
        }

        private void add(Path path, TreeEntry entry) {
          items.putIfAbsent(rule.containerPath(path), new Item(path, rule, entry));
        }
      });
    }
    return new LocalTree(items, skipped, unread);
  }

  /** "Permission denied", "File name too long": the system's reason, else the exception. */
  private static String reason(IOException e) {
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.toString();
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
