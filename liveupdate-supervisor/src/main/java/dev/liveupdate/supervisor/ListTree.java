package dev.liveupdate.supervisor;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
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
 * For each DIR in order: {@code @absent DIR} when it is not a directory; else {@code @root DIR}, then
 * {@code @directories} (DIR and every directory below it), {@code @files} ({@code SHA256  PATH}, as
 * {@code sha256sum} prints it), {@code @executables} (files with the owner's execute bit) and
 * {@code @symlinks} (each link's path, then its target on the next line); {@code @end} last. DIR
 * itself is followed when it is a symlink, nothing below it is ({@code find -H}). A name holding a
 * line break cannot be printed one per line: the program says so on standard error, naming them, and
 * exits 65 before printing anything about that DIR. A file it cannot read: exit 1.
 */
public final class ListTree {

  static final int LINE_BREAK = 65;

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
        out.println("@absent " + root);
        continue;
      }
      TreeMap<String, BasicFileAttributes> tree = walk(root, dir);
      List<String> odd = new ArrayList<>();
      tree.keySet().stream().filter(p -> p.indexOf('\n') >= 0).forEach(odd::add);
      if (!odd.isEmpty()) {
        out.flush();
        System.err.println("names with a line break below " + root + " cannot be compared; rename them:");
        odd.forEach(System.err::println);
        return LINE_BREAK;
      }
      out.println("@root " + root);
      out.println("@directories");
      tree.forEach((path, attributes) -> {
        if (attributes.isDirectory()) {
          out.println(path);
        }
      });
      out.println("@files");
      List<String> executables = new ArrayList<>();
      for (var entry : tree.entrySet()) {
        if (entry.getValue().isRegularFile()) {
          Path file = Paths.get(entry.getKey());
          out.println(sha256(file) + "  " + entry.getKey());
          if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE)) {
            executables.add(entry.getKey());
          }
        }
      }
      out.println("@executables");
      executables.forEach(out::println);
      out.println("@symlinks");
      for (var entry : tree.entrySet()) {
        if (entry.getValue().isSymbolicLink()) {
          out.println(entry.getKey());
          out.println(Files.readSymbolicLink(Paths.get(entry.getKey())));
        }
      }
    }
    out.println("@end");
    return 0;
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
