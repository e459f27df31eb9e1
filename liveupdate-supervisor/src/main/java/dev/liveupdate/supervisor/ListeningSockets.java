package dev.liveupdate.supervisor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which TCP ports a set of processes listens on, read from Linux's {@code /proc}: the LISTEN entries
 * of {@code /proc/net/tcp} and {@code /proc/net/tcp6} (the network namespace the supervisor shares
 * with the app) give socket inodes and ports; the links in {@code /proc/<pid>/fd} name the socket
 * inodes each process holds ({@code socket:[inode]}). No {@code ss}, {@code netstat} or shell.
 */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  private final Path proc;

  ListeningSockets(Path proc) {
    this.proc = proc;
  }

  static ListeningSockets system() {
    return new ListeningSockets(Paths.get("/proc"));
  }

  /** The ports the processes listen on; empty when none, or when their descriptors cannot be read. */
  Set<Integer> portsOf(Collection<Long> pids) {
    Map<Long, Integer> listening = listening();
    Set<Long> owned = socketInodes(pids);
    Set<Integer> ports = new TreeSet<>();
    if (owned != null) {
      listening.forEach((inode, port) -> {
        if (owned.contains(inode)) {
          ports.add(port);
        }
      });
    }
    return ports;
  }

  /**
   * Port to the inodes of the listening sockets the processes hold on it. A socket closed and opened
   * again (a web server restarted inside the JVM) has a new inode. Empty when the descriptors cannot
   * be read.
   */
  Map<Integer, Set<Long>> socketsOf(Collection<Long> pids) {
    Map<Long, Integer> listening = listening();
    Set<Long> owned = socketInodes(pids);
    Map<Integer, Set<Long>> sockets = new HashMap<>();
    if (owned != null) {
      listening.forEach((inode, port) -> {
        if (owned.contains(inode)) {
          sockets.computeIfAbsent(port, p -> new HashSet<>()).add(inode);
        }
      });
    }
    return sockets;
  }

  /**
   * The expected ports on which none of the processes listens yet. Cheap while the app starts: the
   * descriptors are read only once every expected port is in LISTEN state in the namespace. When the
   * descriptors cannot be read (the app changed user), a port in LISTEN state counts as the app's.
   */
  Set<Integer> notListening(Set<Integer> expected, Collection<Long> pids) {
    Map<Long, Integer> listening = listening();
    Set<Integer> missing = new TreeSet<>(expected);
    missing.removeAll(listening.values());
    if (!missing.isEmpty()) {
      return missing;
    }
    Set<Long> owned = socketInodes(pids);
    missing.addAll(expected);
    listening.forEach((inode, port) -> {
      if (owned == null || owned.contains(inode)) {
        missing.remove(port);
      }
    });
    return missing;
  }

  /** The kernel's ephemeral port range (ports handed out for a bind to port 0), inclusive. */
  int[] ephemeralRange() {
    try {
      String[] bounds = Files.readString(proc.resolve("sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(bounds[0]), Integer.parseInt(bounds[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32768, 60999}; // Linux's default
    }
  }

  /** Socket inode → local port of every TCP socket in LISTEN state, IPv4 and IPv6. */
  Map<Long, Integer> listening() {
    Map<Long, Integer> result = new HashMap<>();
    for (String table : new String[] {"net/tcp", "net/tcp6"}) {
      Path file = proc.resolve(table);
      try (BufferedReader reader = Files.newBufferedReader(file)) {
        parse(reader, result);
      } catch (NoSuchFileException e) {
        // no IPv6 in this kernel or namespace
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return result;
  }

  /**
   * Reads a {@code /proc/net/tcp}-format table: after a header line, one socket per line,
   * {@code sl local_address rem_address st ... uid timeout inode ...}, addresses as hex {@code ADDR:PORT}.
   */
  static void parse(BufferedReader table, Map<Long, Integer> into) throws IOException {
    table.readLine(); // header
    for (String line = table.readLine(); line != null; line = table.readLine()) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length < 10 || !fields[3].equals(LISTEN)) {
        continue;
      }
      String local = fields[1];
      int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
      into.put(Long.parseLong(fields[9]), port);
    }
  }

  /** Inodes of the sockets the processes hold; null when a process's descriptors are not readable. */
  private Set<Long> socketInodes(Collection<Long> pids) {
    Set<Long> inodes = new HashSet<>();
    for (long pid : pids) {
      try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
        for (Path fd : fds) {
          String target;
          try {
            target = Files.readSymbolicLink(fd).toString();
          } catch (IOException e) {
            continue; // closed since the listing
          }
          if (target.startsWith("socket:[") && target.endsWith("]")) {
            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        }
      } catch (AccessDeniedException e) {
        return null;
      } catch (IOException e) {
        // the process exited since it was listed: it holds nothing
      }
    }
    return inodes;
  }
}
