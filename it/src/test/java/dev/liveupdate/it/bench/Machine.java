package dev.liveupdate.it.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the figures were measured on: they mean little without it. */
final class Machine {

  private Machine() {}

  /**
   * Puts {@code machine}: cores, CPU, memory, OS, Java, keeping other keys of an existing
   * {@code machine} object. Load averages are the caller's to add.
   */
  static void describe(ObjectNode into) {
    ObjectNode machine = into.get("machine") instanceof ObjectNode existing ? existing
        : into.putObject("machine");
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
    machine.put("memoryGb", Math.round(memTotalKb() / 1024.0 / 1024.0));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  /** The 1, 5 and 15 minute load averages, e.g. {@code "1.62 1.51 1.40"}: others' work shows here. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }

  private static long memTotalKb() {
    String value = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    try {
      return Long.parseLong(value.replaceAll("[^0-9]", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String firstValue(Path file, String key) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(key)).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown (" + e + ")";
    }
  }
}
