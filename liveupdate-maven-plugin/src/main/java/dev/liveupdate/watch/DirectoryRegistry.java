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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
  private final Set<Path> unwatched = ConcurrentHashMap.newKeySet();
  private final Registration registration;

  /** How a directory is registered; tests replace it to make registrations fail. */
  @FunctionalInterface
  interface Registration {
    WatchKey register(Path dir, WatchService service) throws IOException;
  }

  DirectoryRegistry(WatchService service, WatchScope scope, WatchListener listener,
      Registration registration) {
    this.registration = registration;
    this.service = service;
    this.scope = scope;
    this.listener = listener;
  }

  /** What a walk meets on its way, besides registering directories. */
  interface Visitor {
    /** A directory in scope, registered (or, if that failed, {@linkplain #unwatched() polled}). */
    void directory(Path dir);

    /** A regular file or symlink the scope reports, with its attributes (links not followed). */
    void file(Path file, BasicFileAttributes attrs);
  }

  /** A visitor that only registers. */
  static final Visitor REGISTER_ONLY = new Visitor() {
    @Override
    public void directory(Path dir) {}

    @Override
    public void file(Path file, BasicFileAttributes attrs) {}
  };

  /**
   * Registers {@code dir} and every directory below it that the scope wants, skipping ignored
   * folders without descending into them, and shows the visitor what it finds. A directory is
   * registered before it is listed, so a file created meanwhile is either seen by the listing or
   * causes an event (or both). Registering a directory again is harmless: the service hands back
   * its key, or a new one if the path is now another directory (deleted and made again). A
   * directory that cannot be registered is still walked, and remembered as {@linkplain #unwatched()
   * unwatched} so that the watcher rescans it; it is tried again on every later walk.
   */
  void registerTree(Path dir, Visitor visitor) {
    try {
      Files.walkFileTree(dir, new Registrar(dir, visitor));
    } catch (IOException e) {
      listener.onWarning("Cannot watch " + dir + ": " + e, e);
    }
  }

  /** Directories in scope that could not be registered: changes in them raise no events. */
  Set<Path> unwatched() {
    return Set.copyOf(unwatched);
  }

  /** Whether any directory is {@linkplain #unwatched() unwatched}; asked on every event. */
  boolean anyUnwatched() {
    return !unwatched.isEmpty();
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
    unwatched.removeIf(dir -> dir.startsWith(path));
    if (!keyByDirectory.containsKey(path)) {
      return; // a file, or a directory already forgotten when its key became invalid
    }
    Iterator<Map.Entry<Path, WatchKey>> entries = keyByDirectory.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Path, WatchKey> entry = entries.next();
      if (entry.getKey().startsWith(path)) {
        unwatched.remove(entry.getKey());
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

  /** The registration of the platform: create, delete and modify events (IN_ATTRIB included). */
  static WatchKey registerWithService(Path dir, WatchService service) throws IOException {
    return dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
  }

  private void register(Path dir) throws IOException {
    WatchKey key = registration.register(dir, service);
    Path previousDir = directoryByKey.put(key, dir);
    if (previousDir != null && !previousDir.equals(dir)) {
      // the same directory (inode) under a new name: the service hands back its existing key
      keyByDirectory.remove(previousDir, key);
    }
    keyByDirectory.put(dir, key);
  }

  private final class Registrar extends SimpleFileVisitor<Path> {
    private final Path start;
    private final Visitor visitor;

    Registrar(Path start, Visitor visitor) {
      this.start = start;
      this.visitor = visitor;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(start) && !scope.shouldRegister(dir)) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      try {
        register(dir);
        unwatched.remove(dir);
      } catch (NoSuchFileException e) {
        return FileVisitResult.SKIP_SUBTREE; // deleted meanwhile: its deletion is an event
      } catch (IOException | RuntimeException e) {
        if (unwatched.add(dir)) {
          listener.onWarning("Cannot watch directory " + dir + " (" + e
              + "); it is rescanned every " + FileWatcher.UNWATCHED_RESCAN.toMillis()
              + " ms instead", e instanceof IOException ? e : null);
        }
      }
      visitor.directory(dir);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if ((attrs.isRegularFile() || attrs.isSymbolicLink()) && scope.reportsFile(file)) {
        visitor.file(file, attrs);
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
