package dev.liveupdate.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The directories registered with one {@link WatchService}, both ways (key to directory, directory
 * to key), and the walk that registers a tree. Mutated only by the thread that owns the watch; the
 * counts may be read from any thread.
 */
final class DirectoryRegistry implements Closeable {

  private final WatchService service;
  private final WatchScope scope;
  private final WatchListener listener;
  private final Map<WatchKey, Path> directoryByKey = new ConcurrentHashMap<>();
  private final Map<Path, WatchKey> keyByDirectory = new ConcurrentHashMap<>();

  DirectoryRegistry(WatchService service, WatchScope scope, WatchListener listener) {
    this.service = service;
    this.scope = scope;
    this.listener = listener;
  }

  /**
   * Registers {@code dir} and every directory below it that the scope wants, skipping ignored
   * folders without descending into them. The directory is registered before it is listed, so a
   * file created meanwhile is either seen by the listing or causes an event (or both).
   *
   * @param foundFile receives every reportable file (or symlink) met on the way; pass a no-op at
   *     start-up, when existing files are not changes
   */
  void registerTree(Path dir, Consumer<Path> foundFile) {
    try {
      Files.walkFileTree(dir, new Registrar(dir, foundFile));
    } catch (IOException e) {
      listener.onWarning("Cannot watch " + dir + ": " + e, e);
    }
  }

  /** The directory of a key, or {@code null} if the key was forgotten. */
  Path directoryOf(WatchKey key) {
    return directoryByKey.get(key);
  }

  /**
   * Cancels and forgets the keys of {@code path} and every registered directory below it: it was
   * deleted or moved away (a moved directory keeps its inotify watch, which would report events
   * under the old path).
   */
  void forgetTree(Path path) {
    if (!keyByDirectory.containsKey(path)) {
      return; // a file, or a directory already forgotten when its key became invalid
    }
    Iterator<Map.Entry<Path, WatchKey>> entries = keyByDirectory.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Path, WatchKey> entry = entries.next();
      if (entry.getKey().startsWith(path)) {
        entry.getValue().cancel();
        directoryByKey.remove(entry.getValue(), entry.getKey());
        entries.remove();
      }
    }
  }

  /** Forgets a key that is no longer valid (its directory is gone). */
  void forget(WatchKey key) {
    Path dir = directoryByKey.remove(key);
    if (dir != null) {
      keyByDirectory.remove(dir, key);
    }
  }

  boolean isRegistered(Path dir) {
    return keyByDirectory.containsKey(dir);
  }

  int size() {
    return keyByDirectory.size();
  }

  @Override
  public void close() throws IOException {
    service.close();
  }

  private void register(Path dir) throws IOException {
    WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    Path previousDir = directoryByKey.put(key, dir);
    if (previousDir != null && !previousDir.equals(dir)) {
      // the same directory (inode) under a new name: the service hands back its existing key
      keyByDirectory.remove(previousDir, key);
    }
    keyByDirectory.put(dir, key);
  }

  private final class Registrar extends SimpleFileVisitor<Path> {
    private final Path start;
    private final Consumer<Path> foundFile;

    Registrar(Path start, Consumer<Path> foundFile) {
      this.start = start;
      this.foundFile = foundFile;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(start) && !scope.shouldRegister(dir)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      try {
        register(dir);
        return FileVisitResult.CONTINUE;
      } catch (NoSuchFileException e) {
        return FileVisitResult.SKIP_SUBTREE; // deleted meanwhile: its deletion is an event
      } catch (IOException e) {
        listener.onWarning("Cannot watch directory " + dir + ": " + e, e);
        return FileVisitResult.SKIP_SUBTREE;
      }
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && scope.reportsFile(file)) {
        foundFile.accept(file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      if (!(e instanceof NoSuchFileException)) {
        listener.onWarning("Cannot read " + file + ": " + e, e);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
      if (e != null && !(e instanceof NoSuchFileException)) {
        listener.onWarning("Cannot list directory " + dir + ": " + e, e);
      }
      return FileVisitResult.CONTINUE;
    }
  }
}
