package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The threads of the app's processes that carry a name, read from Linux's
 * {@code /proc/PID/task/TID/comm}. HotSpot names each Java thread's native thread after it (the
 * first 15 bytes), so a thread that Spring Boot DevTools starts as {@code restartedMain} shows
 * there under that name while the app's {@code main} runs in it.
 */
final class AppThreads {

  private final Path proc;

  AppThreads(Path proc) {
    this.proc = proc;
  }

  /** The ids of the threads named {@code name} in these processes; empty when none or unreadable. */
  Set<Long> named(String name, Collection<Long> pids) {
    Set<Long> ids = new HashSet<>();
    for (long pid : pids) {
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve(pid + "/task"))) {
        for (Path task : tasks) {
          try {
            if (Files.readString(task.resolve("comm")).trim().equals(name)) {
              ids.add(Long.parseLong(task.getFileName().toString()));
            }
          } catch (IOException | NumberFormatException e) {
            // the thread ended since the listing
          }
        }
      } catch (IOException e) {
        // the process ended since it was listed
      }
    }
    return ids;
  }
}
