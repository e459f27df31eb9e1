package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The files through which restarts are requested and answered; the protocol is specified in the
 * package documentation. A request is taken by deleting it: whoever deletes or renames
 * {@code ID.restart} first owns it, so a client that gives up can withdraw a request atomically.
 */
final class ControlDirectory {

  static final String DEFAULT = "/opt/liveupdate/control";
  static final String RESTART = ".restart";
  static final String RESULT = ".result";
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Results nobody collected (a client that timed out) are deleted after this. */
  static final Duration KEEP_RESULTS = Duration.ofMinutes(10);

  /** A request taken from the directory, and when the supervisor saw it. */
  static final class Request {
    final String id;
    final long seenNanos;

    Request(String id, long seenNanos) {
      this.id = id;
      this.seenNanos = seenNanos;
    }
  }

  final Path dir;

  ControlDirectory(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory if needed and proves it writable. */
  void create() throws IOException {
    Files.createDirectories(dir);
    Path probe = dir.resolve(".supervisor-probe");
    Files.write(probe, new byte[0]);
    Files.delete(probe);
  }

  /**
   * Drops requests left by an earlier supervisor in the same file system (a container restarted in
   * place): their clients have given up, and the app starts afresh anyway.
   *
   * @return the ids dropped
   */
  List<String> dropStale() throws IOException {
    List<String> dropped = new ArrayList<>();
    for (Request stale : take()) {
      dropped.add(stale.id);
    }
    return dropped;
  }

  /** Takes (deletes) every pending restart request. Names that are not {@code ID.restart} are left alone. */
  List<Request> take() throws IOException {
    List<Request> taken = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + RESTART)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String id = name.substring(0, name.length() - RESTART.length());
        if (!ID.matcher(id).matches()) {
          continue;
        }
        try {
          Files.delete(entry);
        } catch (NoSuchFileException e) {
          continue; // withdrawn by its client
        }
        taken.add(new Request(id, System.nanoTime()));
      }
    }
    return taken;
  }

  /** Writes {@code ID.result} atomically (a hidden temporary file renamed into place). */
  void writeResult(String id, Result result) throws IOException {
    Path temporary = dir.resolve("." + id + RESULT + ".tmp");
    Files.write(temporary, (result.line() + "\n").getBytes(StandardCharsets.UTF_8));
    Files.move(temporary, dir.resolve(id + RESULT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    pruneResults();
  }

  private void pruneResults() throws IOException {
    FileTime cutoff = FileTime.from(Instant.now().minus(KEEP_RESULTS));
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + RESULT)) {
      for (Path entry : entries) {
        try {
          if (Files.getLastModifiedTime(entry).compareTo(cutoff) < 0) {
            Files.deleteIfExists(entry);
          }
        } catch (NoSuchFileException e) {
          // collected meanwhile
        }
      }
    }
  }
}
