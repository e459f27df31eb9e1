package dev.liveupdate.engine;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.sync.ListingOutput;
import dev.liveupdate.sync.TreeEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A cluster in memory for the one-shot sync's tests: listings answered from {@link #listings} as
 * a container would, copies (removals and tar entries), run steps and rollouts recorded per
 * container.
 */
final class ListingCluster implements Cluster {
  volatile List<ContainerRef> containers = List.of();
  /** Each container's listing, as its script prints it ({@code ListingOutput}). */
  final Map<ContainerRef, String> listings = new ConcurrentHashMap<>();
  final Map<ContainerRef, List<String>> extracted = new ConcurrentHashMap<>();
  final Map<ContainerRef, List<String>> deleted = new ConcurrentHashMap<>();
  final Map<ContainerRef, List<String>> ran = new ConcurrentHashMap<>();
  final Map<ContainerRef, Integer> listingExecs = new ConcurrentHashMap<>();
  final List<String> rollouts = new CopyOnWriteArrayList<>();
  volatile String failing = "";
  volatile int listingExit = 0;
  /** Listing execs fail to run, as when the API refuses them. */
  volatile boolean listingRefused;

  @Override
  public List<ContainerRef> runningContainers() {
    return containers;
  }

  int listingsRun(ContainerRef container) {
    return listingExecs.getOrDefault(container, 0);
  }

  @Override
  public ExecResult exec(ContainerRef container, List<String> command, StdinWriter writer,
      Consumer<OutputLine> output, Duration timeout) throws ClusterException {
    String script = command.get(2);
    if (script.contains("sha256sum")) {
      listingExecs.merge(container, 1, Integer::sum);
      if (listingRefused) {
        throw new ClusterException("cannot exec in " + container.label() + ": refused");
      }
      if (listingExit != 0 && listings.get(container).isEmpty()) {
        String why = "find: /app/api/secret: Permission denied";
        output.accept(new OutputLine(why, true));
        return new ExecResult(listingExit, why);
      }
      ListingOutput.lines(listings.get(container))
          .forEach(line -> output.accept(new OutputLine(line, false)));
      return new ExecResult(0, "");
    }
    if (writer != null) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        writer.write(bytes);
      } catch (IOException e) {
        throw new ClusterException("stdin", e);
      }
      byte[] all = bytes.toByteArray();
      List<String> removals = new ArrayList<>();
      int at = 0;
      for (int nl = indexOf(all, at); nl > at; nl = indexOf(all, at)) {
        removals.add(decode(new String(all, at, nl - at, java.nio.charset.StandardCharsets.UTF_8)));
        at = nl + 1;
      }
      deleted.put(container, List.copyOf(removals));
      extracted.put(container, entries(java.util.Arrays.copyOfRange(all, at + 1, all.length)));
      return new ExecResult(0, "");
    }
    String step = command.get(command.size() - 1); // sh -c <wrapper> sh <step>
    ran.computeIfAbsent(container, c -> new CopyOnWriteArrayList<>()).add(step);
    return new ExecResult(step.equals(failing) ? 1 : 0, "");
  }

  /** The listing of {@code /app/api} holding these files (container path → content). */
  static String listing(Map<String, String> files) {
    java.util.SortedMap<String, TreeEntry> entries = new java.util.TreeMap<>();
    entries.put("/app/api", TreeEntry.directory());
    files.forEach((path, content) -> {
      try {
        entries.put(path, TreeEntry.file(java.util.HexFormat.of().formatHex(java.security.MessageDigest
            .getInstance("SHA-256").digest(content.getBytes(java.nio.charset.StandardCharsets
                .UTF_8))), false));
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    });
    return new ListingOutput().root("/app/api", entries).end().text();
  }

  /** A removal line read back as the copy script's {@code printf %b} does. */
  private static String decode(String line) {
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(++i);
        path.append(next == 'n' ? '\n' : next);
      } else {
        path.append(c);
      }
    }
    return path.toString();
  }

  /** Where the next line of the removal list ends. */
  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static List<String> entries(byte[] tarBytes) throws ClusterException {
    List<String> names = new ArrayList<>();
    try {
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new ByteArrayInputStream(tarBytes))) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          names.add(e.getName());
        }
      }
    } catch (IOException e) {
      throw new ClusterException("stdin", e);
    }
    return names;
  }

  @Override
  public void rollOut(String image, Duration timeout, java.util.function.Consumer<String> progress) {
    rollouts.add(image);
  }

  @Override
  public void close() {}
}
