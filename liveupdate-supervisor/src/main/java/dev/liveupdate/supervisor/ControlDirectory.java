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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files through which restarts, DevTools restarts and hot-swaps are requested and answered; the
 * protocol is specified in the package documentation. A request is taken by deleting it: whoever
 * deletes or renames {@code ID.KIND} first owns it, so a client that gives up can withdraw a request
 * atomically. Each kind has one taker (see {@link Kind}), so the supervisor and the agent never
 * take each other's requests.
 */
final class ControlDirectory {

  static final String DEFAULT = "/opt/liveupdate/control";
  static final String RESULT = ".result";
  /** The file the hot-swap agent of the running app writes its pid into. */
  static final String AGENT_PID = "agent.pid";
  /** The directory DevTools watches for its trigger file, inside the control directory. */
  static final String DEVTOOLS_DIR = "devtools";
  static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  /** Results nobody collected (a client that timed out) are deleted after this. */
  static final Duration KEEP_RESULTS = Duration.ofMinutes(10);

  /** What a request asks for: its file name's suffix, and who takes it. */
  enum Kind {
    /** {@code ID.restart}, empty: the supervisor restarts the app's process. */
    RESTART,
    /** {@code ID.devtools}, empty: the supervisor has Spring Boot DevTools restart the app in its JVM. */
    DEVTOOLS,
    /** {@code ID.hotswap}, a class list ({@link HotSwapRequest}): the agent in the app's JVM redefines them. */
    HOTSWAP;

    final String suffix = "." + name().toLowerCase(java.util.Locale.ROOT);

    /** The kind named on a command line ({@code restart}, {@code devtools}, {@code hotswap}). */
    static Kind named(String name) {
      for (Kind kind : values()) {
        if (kind.suffix.substring(1).equals(name)) {
          return kind;
        }
      }
      throw new IllegalArgumentException("the request must be restart, devtools or hotswap, got '" + name + "'");
    }

    String word() {
      return suffix.substring(1);
    }
  }

  /** A request taken from the directory, its content (empty but for hot-swaps), and when it was seen. */
  static final class Request {
    final String id;
    final Kind kind;
    final long seenNanos;
    final byte[] content;

    Request(String id, Kind kind, long seenNanos, byte[] content) {
      this.id = id;
      this.kind = kind;
      this.seenNanos = seenNanos;
      this.content = content;
    }
  }

  final Path dir;

  ControlDirectory(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory if needed and proves it writable. */
  void create() throws IOException {
    Files.createDirectories(dir);
    Path probe = dir.resolve(".probe-" + ProcessHandle.current().pid()); // the supervisor's and each agent's own
    Files.write(probe, new byte[0]);
    Files.delete(probe);
  }

  /**
   * Drops requests left by an earlier supervisor in the same file system (a container restarted in
   * place): their clients have given up, and the app starts afresh anyway.
   *
   * @return the ids dropped
   */
  List<String> dropStale(Set<Kind> kinds) throws IOException {
    List<String> dropped = new ArrayList<>();
    for (Request stale : take(kinds)) {
      dropped.add(stale.id + stale.kind.suffix);
    }
    return dropped;
  }

  /**
   * Takes every pending request of these kinds: reads its content, then deletes it; a request whose
   * deletion fails was withdrawn by its client meanwhile and is not returned. Names that are not
   * {@code ID.KIND} of these kinds are left alone.
   */
  List<Request> take(Set<Kind> kinds) throws IOException {
    List<Request> taken = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String id = name.substring(0, dot);
        Kind kind = kindOf(name.substring(dot), kinds);
        if (kind == null || !ID.matcher(id).matches()) {
          continue;
        }
        byte[] content;
        try {
          content = kind == Kind.HOTSWAP ? Files.readAllBytes(entry) : new byte[0];
          Files.delete(entry);
        } catch (NoSuchFileException e) {
          continue; // withdrawn by its client
        }
        taken.add(new Request(id, kind, System.nanoTime(), content));
      }
    }
    return taken;
  }

  private static Kind kindOf(String suffix, Set<Kind> kinds) {
    for (Kind kind : kinds) {
      if (kind.suffix.equals(suffix)) {
        return kind;
      }
    }
    return null;
  }

  /** Writes {@code agent.pid} atomically: the pid of the JVM whose agent takes hot-swap requests. */
  void writeAgentPid(long pid) throws IOException {
    Path temporary = dir.resolve("." + AGENT_PID + "." + pid + ".tmp");
    Files.write(temporary, (pid + "\n").getBytes(StandardCharsets.UTF_8));
    Files.move(temporary, dir.resolve(AGENT_PID), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
