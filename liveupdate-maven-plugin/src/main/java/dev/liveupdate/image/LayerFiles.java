package dev.liveupdate.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Lists the files of one {@code <layer>} directory as a jib layer.
 *
 * <ul>
 *   <li><b>Ignored paths</b> ({@link IgnoreRules}) are left out; a folder whose whole subtree is
 *       ignored is not even walked.
 *   <li><b>Modes</b> are kept as they are on disk (executable bits included), as a live update
 *       keeps them; where the file system has no POSIX modes, 755 for folders and executable
 *       files, 644 for the others.
 *   <li><b>Modification times</b> are the real ones, as a live update copies them, so web servers'
 *       {@code Last-Modified}/{@code ETag} change with the content after a rebuild. jib's layer
 *       cache is keyed on the source files' times anyway, so fixing them would not save a layer.
 *   <li><b>Symbolic links</b> are never followed out of the layer directory (it could copy a
 *       secret into the image): a link to a regular file inside it is copied as that file; any
 *       other link is left out and reported ({@link BuildEvent.FileSkipped}), like sockets and
 *       pipes.
 * </ul>
 */
final class LayerFiles {

  /** A layer ready for jib, with what it holds. */
  record Scanned(FileEntriesLayer layer, int files, long bytes) {}

  private LayerFiles() {}

  /**
   * @param excluded a directory never put into a layer (jib's own cache, when a layer contains it)
   */
  static Scanned scan(ImageLayer layer, IgnoreRules ignores, Path excluded, BuildListener listener)
      throws IOException {
    Path root = layer.from();
    Path realRoot = root.toRealPath();
    AbsoluteUnixPath target = AbsoluteUnixPath.get(layer.to());
    FileEntriesLayer.Builder builder = FileEntriesLayer.builder().setName(layer.to());
    int[] files = {0};
    long[] bytes = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
          throws IOException {
        if (!dir.equals(root)) {
          if (dir.equals(excluded) || ignores.ignoresEverythingBelow(dir)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          if (ignores.isIgnored(dir)) {
            return FileVisitResult.CONTINUE;
          }
        }
        builder.addEntry(dir, target.resolve(root.relativize(dir)), permissions(dir, true),
            attrs.lastModifiedTime().toInstant());
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        if (ignores.isIgnored(file)) {
          return FileVisitResult.CONTINUE;
        }
        BasicFileAttributes content = attrs;
        if (attrs.isSymbolicLink()) {
          content = linkedFile(file, realRoot, listener);
          if (content == null) {
            return FileVisitResult.CONTINUE;
          }
        } else if (!attrs.isRegularFile()) {
          listener.on(new BuildEvent.FileSkipped(file, "not a regular file, folder or link"));
          return FileVisitResult.CONTINUE;
        }
        builder.addEntry(file, target.resolve(root.relativize(file)), permissions(file, false),
            content.lastModifiedTime().toInstant());
        files[0]++;
        bytes[0] += content.size();
        return FileVisitResult.CONTINUE;
      }
    });
    return new Scanned(builder.build(), files[0], bytes[0]);
  }

  /** The attributes of the regular file a link points to inside the layer, or null if none. */
  private static BasicFileAttributes linkedFile(Path link, Path realRoot, BuildListener listener)
      throws IOException {
    Path real;
    try {
      real = link.toRealPath();
    } catch (IOException dangling) {
      listener.on(new BuildEvent.FileSkipped(link, "symbolic link to a missing file"));
      return null;
    }
    if (!real.startsWith(realRoot)) {
      listener.on(new BuildEvent.FileSkipped(link,
          "symbolic link to " + real + ", outside the layer directory " + realRoot));
      return null;
    }
    BasicFileAttributes attrs = Files.readAttributes(real, BasicFileAttributes.class);
    if (!attrs.isRegularFile()) {
      listener.on(new BuildEvent.FileSkipped(link,
          "symbolic link to a folder (its files are copied from where they are)"));
      return null;
    }
    return attrs;
  }

  private static FilePermissions permissions(Path path, boolean directory) throws IOException {
    try {
      Set<PosixFilePermission> posix = Files.getPosixFilePermissions(path);
      return FilePermissions.fromPosixFilePermissions(posix);
    } catch (UnsupportedOperationException noPosixModes) {
      return directory || Files.isExecutable(path)
          ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS
          : FilePermissions.DEFAULT_FILE_PERMISSIONS;
    }
  }
}
