package dev.liveupdate.it.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Looks into running containers from the host, without an exec: through {@code /proc/<pid>/root}
 * of each container's main process ({@code TestCluster.containerRoot}), a host thread polls the
 * files every {@value #FILE_POLL_MICROS} µs (single files) or {@value #DIR_POLL_MICROS} µs
 * (directories of a burst). The arrival time of a change is therefore late by at most one poll
 * period plus one read: about 1 ms for a file, 2 ms plus one listing for a directory. Nothing runs
 * in the containers and no process is started per check, so the probe costs the update under
 * measurement almost nothing (one core's short reads, on a 2-core machine).
 */
final class HostProbe {

  static final long FILE_POLL_MICROS = 1_000;
  static final long DIR_POLL_MICROS = 2_000;

  /** Stated in results.json so a reader knows what was measured. */
  static final String FILE_DESCRIPTION = "a host thread reads the file through /proc/<container "
      + "pid>/root every " + FILE_POLL_MICROS / 1000 + " ms until it holds the new bytes in every "
      + "container (no exec, no process per check); resolution about 1 ms";

  static final String DIR_DESCRIPTION = "a host thread lists the new directory through "
      + "/proc/<container pid>/root every " + DIR_POLL_MICROS / 1000 + " ms; done when it holds all N "
      + "files, each with its full size (one stat per file once the count is reached); "
      + "resolution about 2 ms plus one listing";

  private HostProbe() {}

  /**
   * Waits until every file holds exactly {@code content}; returns the {@code nanoTime} at which
   * the last of them was first seen holding it.
   */
  static long awaitContent(List<Path> files, byte[] content, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Path> waiting = new ArrayList<>(files);
    while (true) {
      long now = System.nanoTime();
      waiting.removeIf(file -> holds(file, content));
      if (waiting.isEmpty()) {
        return now;
      }
      if (now > deadline) {
        throw new AssertionError("not arrived within " + timeout.toSeconds() + " s in "
            + waiting.size() + " of " + files.size() + " container(s): " + waiting + " (holds: "
            + read(waiting.get(0)) + ")");
      }
      pause(FILE_POLL_MICROS);
    }
  }

  /**
   * Waits until each directory holds {@code count} entries, every one a file of {@code size}
   * bytes; returns the {@code nanoTime} at which the last directory was first seen complete.
   */
  static long awaitFiles(List<Path> dirs, int count, long size, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Path> waiting = new ArrayList<>(dirs);
    while (true) {
      long now = System.nanoTime();
      waiting.removeIf(dir -> complete(dir, count, size));
      if (waiting.isEmpty()) {
        return now;
      }
      if (now > deadline) {
        throw new AssertionError(count + " files of " + size + " bytes not all arrived within "
            + timeout.toSeconds() + " s in " + waiting + " (entries now: " + entries(waiting.get(0))
            + ")");
      }
      pause(DIR_POLL_MICROS);
    }
  }

  private static boolean holds(Path file, byte[] content) {
    try {
      return Files.size(file) == content.length && Arrays.equals(Files.readAllBytes(file), content);
    } catch (IOException e) {
      return false; // not there yet, or being replaced
    }
  }

  private static boolean complete(Path dir, int count, long size) {
    if (entries(dir) != count) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Files.size(file) != size) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int entries(Path dir) {
    String[] names = dir.toFile().list();
    return names == null ? -1 : names.length;
  }

  private static String read(Path file) {
    try {
      return "'" + Files.readString(file).strip() + "'";
    } catch (IOException | RuntimeException e) {
      return e.toString();
    }
  }

  private static void pause(long micros) throws InterruptedException {
    LockSupport.parkNanos(micros * 1_000);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }
}
