package dev.liveupdate.supervisor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a container holds below the sync destinations, for images without a shell: the same output
 * as the plugin's listing script ({@code dev.liveupdate.sync.ContainerListing}), which the plugin's
 * parser reads unchanged:
 * <pre>
 * java -cp /opt/liveupdate/liveupdate-supervisor.jar dev.liveupdate.supervisor.ListTree DIR...
 * </pre>
 * Every record ends with a NUL byte and a line break, so no name or link target (a line break in a
 * name included) can pass for a marker or another entry. For each DIR in order: {@code @absent} and
 * DIR when it is not a directory; else {@code @root} and DIR, then {@code @directories} (DIR and every
 * directory below it), {@code @files} and, when there are files, one group ({@code @sums}, the count,
 * each name, then their {@code SHA256  PATH} lines as busybox {@code sha256sum} prints them, in one
 * record), {@code @executables} (files with the owner's execute bit) and {@code @symlinks} (each
 * link's path, then its target); {@code @end} last. DIR itself is followed when it is a symlink,
 * nothing below it is ({@code find -H}). A file deleted while it is listed is left out, as the
 * container no longer holds it; a file it cannot read: exit 1.
 */
public final class ListTree {

  private ListTree() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 64 * 1024), false, StandardCharsets.UTF_8);
    int status;
    try {
      status = list(List.of(args), out);
    } catch (IOException e) {
      out.flush();
      System.err.println("cannot list: " + e);
      status = 1;
    }
    out.flush();
    System.exit(status);
  }

  static int list(List<String> roots, PrintStream out) throws IOException {
    for (String root : roots) {
      Path dir = Paths.get(root);
      if (!Files.isDirectory(dir)) {
        record(out, "@absent");
        record(out, root);
        continue;
      }
      TreeMap<String, BasicFileAttributes> tree = walk(root, dir);
      record(out, "@root");
      record(out, root);
      record(out, "@directories");
      tree.forEach((path, attributes) -> {
        if (attributes.isDirectory()) {
          record(out, path);
        }
      });
      record(out, "@files");
      List<String> files = new ArrayList<>();
      List<String> executables = new ArrayList<>();
      StringBuilder sums = new StringBuilder();
      for (var entry : tree.entrySet()) {
        if (entry.getValue().isRegularFile()) {
          Path file = Paths.get(entry.getKey());
          String hash;
          boolean executable;
          try {
            hash = sha256(file);
            executable = Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
          } catch (NoSuchFileException gone) {
            continue; // deleted while listed (an update under way): it is not there
          }
          files.add(entry.getKey());
          sums.append(hash).append("  ").append(entry.getKey()).append('\n');
          if (executable) {
            executables.add(entry.getKey());
          }
        }
      }
      if (!files.isEmpty()) {
        record(out, "@sums");
        record(out, Integer.toString(files.size()));
        files.forEach(file -> record(out, file));
        record(out, sums.toString());
      }
      record(out, "@executables");
      executables.forEach(file -> record(out, file));
      record(out, "@symlinks");
      for (var entry : tree.entrySet()) {
        if (entry.getValue().isSymbolicLink()) {
          String target;
          try {
            target = Files.readSymbolicLink(Paths.get(entry.getKey())).toString();
          } catch (NoSuchFileException | java.nio.file.NotLinkException gone) {
            continue; // deleted or replaced while listed
          }
          record(out, entry.getKey());
          record(out, target);
        }
      }
    }
    record(out, "@end");
    return 0;
  }

  private static void record(PrintStream out, String record) {
    out.print(record);
    out.print("\0\n");
  }

  /** Path as find prints it (the root as given, then root/name...) to attributes, links not followed. */
  private static TreeMap<String, BasicFileAttributes> walk(String root, Path dir) throws IOException {
    TreeMap<String, BasicFileAttributes> tree = new TreeMap<>();
    String prefix = root.endsWith("/") ? root : root + "/";
    Path start = dir.toRealPath(); // -H: the root is followed, nothing below it
    Files.walkFileTree(start, new SimpleFileVisitor<Path>() {
      @Override
      public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
        tree.put(name(path), attributes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
        tree.put(name(path), attributes);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
        if (e instanceof NoSuchFileException && !path.equals(start)) {
          return FileVisitResult.CONTINUE; // deleted while listed, as find skips it
        }
        throw e;
      }

      private String name(Path path) {
        return path.equals(start) ? root : prefix + start.relativize(path);
      }
    });
    return tree;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JRE has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    StringBuilder hex = new StringBuilder(64);
    for (byte b : digest.digest()) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
