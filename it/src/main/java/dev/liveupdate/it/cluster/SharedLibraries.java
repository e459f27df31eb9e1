package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host's shared libraries a runtime image loads, found as the dynamic loader finds them:
 * {@code ldd} on every executable and {@code .so} of the image. Libraries the image has itself
 * ({@code libjvm.so}, which {@code ldd} reports "not found" outside the JVM's own search path)
 * are left out.
 */
final class SharedLibraries {
  /** {@code libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)} or {@code /lib64/ld-linux-x86-64.so.2 (0x...)}. */
  private static final Pattern LINE = Pattern.compile("^\\s*(\\S+)(?:\\s+=>\\s+(\\S+))?(?:\\s+\\(0x[0-9a-f]+\\))?\\s*$");

  private SharedLibraries() {}

  /**
   * Every library the binaries under {@code root} need and {@code root} does not hold, by the path
   * the loader looks it up at ({@code /lib/x86_64-linux-gnu/libz.so.1}), mapped to the host file
   * holding it (links followed).
   */
  static Map<String, Path> of(Path root) {
    Set<String> own = new TreeSet<>();
    List<Path> binaries;
    try (Stream<Path> walk = Files.walk(root)) {
      binaries = walk.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".so") || p.getParent().getFileName().toString().equals("bin"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    binaries.forEach(p -> own.add(p.getFileName().toString()));
    Map<String, Path> libraries = new TreeMap<>();
    for (Path binary : binaries) {
      Processes.Result ldd = Processes.tryRun(List.of("ldd", binary.toString()));
      if (ldd.exitCode() != 0) {
        continue; // "not a dynamic executable": a script or a static binary
      }
      for (String line : ldd.output().split("\n")) {
        add(binary, line, root, own, libraries);
      }
    }
    return libraries;
  }

  private static void add(Path binary, String line, Path root, Set<String> own, Map<String, Path> libraries) {
    if (line.contains("=> not found")) {
      String name = line.strip().split("\\s+")[0];
      if (!own.contains(name)) {
        throw new IllegalStateException("ldd " + binary + ": " + name + " not found on this machine");
      }
      return;
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return;
    }
    String location = m.group(2) != null ? m.group(2) : m.group(1);
    if (!location.startsWith("/") || Path.of(location).startsWith(root)) {
      return; // linux-vdso.so.1, or one of the image's own libraries
    }
    try {
      libraries.put(location, Path.of(location).toRealPath());
    } catch (IOException e) {
      throw new UncheckedIOException("ldd " + binary + " names " + location + ", which cannot be read", e);
    }
  }
}
