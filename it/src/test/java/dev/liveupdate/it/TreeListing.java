package dev.liveupdate.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a synced tree holds, comparable between the local disk and a container: every regular file
 * (sha-256 of its content and whether any execute bit is set), every symlink (its target text),
 * anything else by kind, keyed by '/'-separated path relative to the tree's root. Empty directories
 * are kept apart: the plugin syncs files, not directories, so they are never compared.
 */
record TreeListing(SortedMap<String, Entry> entries, SortedSet<String> emptyDirs) {

  enum Kind { FILE, LINK, OTHER }

  /** One path: its kind, the execute bit of a file, the content hash of a file or a link's target. */
  record Entry(Kind kind, boolean exec, String value) {
    @Override
    public String toString() {
      return switch (kind) {
        case FILE -> "file " + (exec ? "+x " : "-x ") + value.substring(0, Math.min(12, value.length()));
        case LINK -> "symlink -> " + value;
        case OTHER -> "other (" + value + ")";
      };
    }
  }

  /**
   * Lists each directory given as an argument, from inside a busybox container: sections of
   * sha256sum lines, executable files, links with their targets, other non-directories and empty
   * directories, each path relative ({@code ./a/b}). Names must not hold tabs or newlines.
   */
  static final String CONTAINER_SCRIPT = String.join("\n",
      "for d in \"$@\"; do",
      "  echo \"#ROOT $d\"",
      "  if cd \"$d\" 2>/dev/null; then",
      "    echo '#F'; find . -type f -exec sha256sum {} +",
      "    echo '#X'; find . -type f -perm +111",
      "    echo '#L'; find . -type l | while IFS= read -r p; do printf '%s\\t%s\\n' \"$p\" \"$(readlink \"$p\")\"; done",
      "    echo '#O'; find . ! -type f ! -type l ! -type d",
      "    echo '#D'; find . -mindepth 1 -type d -empty",
      "  fi",
      "done");

  /** Lists a local tree without following symlinks; an absent root is an empty listing. */
  static TreeListing ofLocal(Path root) {
    SortedMap<String, Entry> entries = new TreeMap<>();
    SortedSet<String> emptyDirs = new TreeSet<>();
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      return new TreeListing(entries, emptyDirs);
    }
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
            throws IOException {
          if (!dir.equals(root)) {
            try (var children = Files.list(dir)) {
              if (children.findAny().isEmpty()) {
                emptyDirs.add(relative(root, dir));
              }
            }
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String path = relative(root, file);
          if (attrs.isSymbolicLink()) {
            entries.put(path, new Entry(Kind.LINK, false,
                Files.readSymbolicLink(file).toString()));
          } else if (attrs.isRegularFile()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file,
                LinkOption.NOFOLLOW_LINKS);
            boolean exec = perms.contains(PosixFilePermission.OWNER_EXECUTE)
                || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
            entries.put(path, new Entry(Kind.FILE, exec, sha256(file)));
          } else {
            entries.put(path, new Entry(Kind.OTHER, false, attrs.isDirectory() ? "dir" : "special"));
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("the local tree changed while it was listed: " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return new TreeListing(entries, emptyDirs);
  }

  /** Parses {@link #CONTAINER_SCRIPT}'s output: one listing per root, in argument order. */
  static Map<String, TreeListing> parseContainer(String output) {
    Map<String, TreeListing> listings = new LinkedHashMap<>();
    SortedMap<String, Entry> entries = null;
    SortedSet<String> emptyDirs = null;
    Set<String> executables = new TreeSet<>();
    String section = "";
    for (String line : output.split("\n")) {
      if (line.startsWith("#ROOT ")) {
        applyExec(entries, executables);
        entries = new TreeMap<>();
        emptyDirs = new TreeSet<>();
        listings.put(line.substring("#ROOT ".length()), new TreeListing(entries, emptyDirs));
        section = "";
        continue;
      }
      if (line.length() == 2 && line.startsWith("#")) {
        section = line;
        continue;
      }
      if (line.isEmpty() || entries == null) {
        continue;
      }
      switch (section) {
        case "#F" -> {
          // "<64 hex>  ./path"
          entries.put(strip(line.substring(66)), new Entry(Kind.FILE, false, line.substring(0, 64)));
        }
        case "#X" -> executables.add(strip(line));
        case "#L" -> {
          int tab = line.indexOf('\t');
          entries.put(strip(line.substring(0, tab)), new Entry(Kind.LINK, false,
              line.substring(tab + 1)));
        }
        case "#O" -> entries.put(strip(line), new Entry(Kind.OTHER, false, "special"));
        case "#D" -> emptyDirs.add(strip(line));
        default -> throw new IllegalStateException("unexpected container listing line: " + line);
      }
    }
    applyExec(entries, executables);
    return listings;
  }

  private static void applyExec(Map<String, Entry> entries, Set<String> executables) {
    if (entries != null) {
      for (String path : executables) {
        Entry file = entries.get(path);
        if (file != null && file.kind() == Kind.FILE) {
          entries.put(path, new Entry(Kind.FILE, true, file.value()));
        }
      }
    }
    executables.clear();
  }

  private static String strip(String dotPath) {
    return dotPath.startsWith("./") ? dotPath.substring(2) : dotPath;
  }

  /**
   * This local listing as it should arrive: without the symlinks the plugin refuses to copy (an
   * absolute target, or one that leaves the sync source), which must be absent in the container.
   */
  TreeListing syncable() {
    SortedMap<String, Entry> kept = new TreeMap<>();
    entries.forEach((path, entry) -> {
      if (entry.kind() != Kind.LINK || staysInside(path, entry.value())) {
        kept.put(path, entry);
      }
    });
    return new TreeListing(kept, emptyDirs);
  }

  /**
   * Whether a link at {@code path} with {@code target} resolves, lexically, inside the root (the
   * root itself included), as the plugin decides it: without following links.
   */
  static boolean staysInside(String path, String target) {
    if (target.startsWith("/")) {
      return false;
    }
    Path root = Path.of("/root-of-the-tree");
    return root.resolve(path).getParent().resolve(target).normalize().startsWith(root);
  }

  /**
   * Readable differences by path, local paths first; empty when the listings are equal (empty
   * directories aside).
   */
  static Map<String, String> diff(TreeListing local, TreeListing container) {
    Map<String, String> lines = new LinkedHashMap<>();
    for (var e : local.entries().entrySet()) {
      Entry there = container.entries().get(e.getKey());
      if (there == null) {
        lines.put(e.getKey(), "missing in container: " + e.getKey() + " (local: " + e.getValue()
            + ")");
      } else if (!there.equals(e.getValue())) {
        lines.put(e.getKey(), "differs: " + e.getKey() + " (local: " + e.getValue()
            + ", container: " + there + ")");
      }
    }
    for (var e : container.entries().entrySet()) {
      if (!local.entries().containsKey(e.getKey())) {
        lines.put(e.getKey(), "extra in container: " + e.getKey() + " (" + e.getValue() + ")");
      }
    }
    return lines;
  }

  private static String relative(Path root, Path path) {
    StringBuilder relative = new StringBuilder();
    for (Path name : root.relativize(path)) {
      if (relative.length() > 0) {
        relative.append('/');
      }
      relative.append(name);
    }
    return relative.toString();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
