package dev.liveupdate.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link WatchService}: inotify on Linux, {@code ReadDirectoryChangesW} on Windows, and
 * a poller every 2 to 10 s elsewhere (macOS). It watches directory by directory, so every folder
 * in scope is registered, both ways (key to directory, directory to key), and a folder that appears
 * is reported as {@linkplain Hints#appeared appeared} so that it is registered at once.
 *
 * <p>Events map to hints as they come: a created, modified or deleted entry is {@linkplain
 * Hints#changed changed} (inotify's events are trusted), a deleted or moved-away directory's keys
 * are cancelled at once, and an overflow (the JDK's queue of 512 events per directory, or the
 * kernel's) is {@linkplain Hints#lost lost} for that directory.
 */
final class JdkWatchBackend implements WatchBackend {

  /** How a directory is registered; tests replace it to make registrations fail. */
  @FunctionalInterface
  interface Registration {
    WatchKey register(Path dir, WatchService service) throws IOException;
  }

  private final WatchService service;
  private final WatchScope scope;
  private final Registration registration;
  private final Map<WatchKey, Path> directoryByKey = new ConcurrentHashMap<>();
  private final Map<Path, WatchKey> keyByDirectory = new ConcurrentHashMap<>();

  private JdkWatchBackend(WatchService service, WatchScope scope, Registration registration) {
    this.service = service;
    this.scope = scope;
    this.registration = registration;
  }

  /** The factory of backends that register directories with {@code registration}. */
  static Factory factory(Registration registration) {
    return (anchors, scope, listener) -> new JdkWatchBackend(
        anchors.iterator().next().getFileSystem().newWatchService(), scope, registration);
  }

  /** The registration of the platform: create, delete and modify events (IN_ATTRIB included). */
  static WatchKey registerWithService(Path dir, WatchService service) throws IOException {
    return dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
  }

  @Override
  public String name() {
    return "JDK WatchService";
  }

  /**
   * Registers a directory. Registering it again is harmless: the service hands back its key, or a
   * new one if the path is now another directory (deleted and made again).
   */
  @Override
  public void watch(Path dir) throws IOException {
    WatchKey key = registration.register(dir, service);
    Path previousDir = directoryByKey.put(key, dir);
    if (previousDir != null && !previousDir.equals(dir)) {
      // the same directory (inode) under a new name: the service hands back its existing key
      keyByDirectory.remove(previousDir, key);
    }
    keyByDirectory.put(dir, key);
  }

  /**
   * Cancels and forgets the keys of {@code path} and every registered directory below it (a moved
   * directory keeps its inotify watch, which would report events under the old path).
   */
  @Override
  public void forget(Path path) {
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

  @Override
  public void await(long timeoutNanos, Hints hints) throws InterruptedException {
    WatchKey key;
    if (timeoutNanos == Long.MAX_VALUE) {
      key = service.take();
    } else if (timeoutNanos <= 0) {
      key = service.poll();
    } else {
      key = service.poll(timeoutNanos, TimeUnit.NANOSECONDS);
    }
    if (key != null) {
      handle(key, hints);
    }
  }

  @Override
  public int watchedDirectoryCount() {
    return keyByDirectory.size();
  }

  @Override
  public boolean isWatched(Path dir) {
    return keyByDirectory.containsKey(dir);
  }

  /** Closes the service: a thread in {@link #await} gets a ClosedWatchServiceException. */
  @Override
  public void close() throws IOException {
    service.close();
  }

  private void handle(WatchKey key, Hints hints) {
    Path dir = directoryByKey.get(key);
    if (dir == null) {
      key.cancel(); // forgotten: its directory was deleted or moved away
      return;
    }
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        hints.lost(dir);
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (event.kind() == ENTRY_DELETE) {
        forget(child);
      } else if (event.kind() == ENTRY_CREATE
          && scope.shouldRegister(child)
          && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        // Watched at once so nothing written in it from now on is missed; what was written before
        // is found when the batch walks it.
        hints.appeared(child);
        continue;
      }
      hints.changed(child);
    }
    if (!key.reset()) {
      forgetKey(key);
    }
  }

  /** Forgets a key that is no longer valid (its directory is gone). */
  private void forgetKey(WatchKey key) {
    Path dir = directoryByKey.remove(key);
    if (dir != null) {
      keyByDirectory.remove(dir, key);
    }
  }
}
