package dev.liveupdate.watch;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The directories in a watch's scope as its {@link WatchBackend} watches them: the walk that finds
 * them (skipping ignored folders without descending) and has each one watched before it is listed,
 * and the directories that could not be watched, which the watcher rescans instead. Mutated only by
 * the thread that owns the watch; the counts may be read from any thread.
 */
final class DirectoryRegistry {

  private final WatchBackend backend;
  private final WatchScope scope;
  private final WatchListener listener;
  private final Set<Path> unwatched = ConcurrentHashMap.newKeySet();

  DirectoryRegistry(WatchBackend backend, WatchScope scope, WatchListener listener) {
    this.backend = backend;
    this.scope = scope;
    this.listener = listener;
  }

  /** What a walk meets on its way, besides having directories watched. */
  interface Visitor {
    /** A directory in scope, watched (or, if that failed, {@linkplain #unwatched() polled}). */
    void directory(Path dir);

    /** A regular file or symlink the scope reports, with its attributes (links not followed). */
    void file(Path file, BasicFileAttributes attrs);
  }

  /** A visitor that only has directories watched. */
  static final Visitor REGISTER_ONLY = new Visitor() {
    @Override
    public void directory(Path dir) {}

    @Override
    public void file(Path file, BasicFileAttributes attrs) {}
  };

  /**
   * Has the backend watch {@code dir} and every directory below it that the scope wants, skipping
   * ignored folders without descending into them, and shows the visitor what it finds. A directory
   * is watched before it is listed, so a file created meanwhile is either seen by the listing or
   * causes an event (or both); watching a directory again is harmless. A directory that cannot be
   * watched is still walked, and remembered as {@linkplain #unwatched() unwatched} so that the
   * watcher rescans it; it is tried again on every later walk.
   */
  void registerTree(Path dir, Visitor visitor) {
    try {
      Files.walkFileTree(dir, new Registrar(dir, visitor));
    } catch (IOException e) {
      listener.onWarning("Cannot watch " + dir + ": " + e, e);
    }
  }

  /** Directories in scope that could not be watched: changes in them raise no events. */
  Set<Path> unwatched() {
    return Set.copyOf(unwatched);
  }

  /** Whether any directory is {@linkplain #unwatched() unwatched}; asked on every event. */
  boolean anyUnwatched() {
    return !unwatched.isEmpty();
  }

  /**
   * Forgets {@code path} and every directory below it: it was deleted or moved away. The backend
   * stops watching them.
   */
  void forgetTree(Path path) {
    unwatched.removeIf(dir -> dir.startsWith(path));
    backend.forget(path);
  }

  boolean isRegistered(Path dir) {
    return backend.isWatched(dir);
  }

  int size() {
    return backend.watchedDirectoryCount();
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
        backend.watch(dir);
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
