package dev.liveupdate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Checks {@code <manifests>}: each {@code <manifest>} names a {@code .yaml} or {@code .yml} file of
 * the module, or a folder of the module whose own {@code .yaml}/{@code .yml} files are taken in name
 * order (not its subfolders, as {@code kubectl apply -f folder}). A file named twice is taken once.
 * What the files hold is read when a goal uses them ({@code manifest.ManifestFiles}).
 */
final class ManifestsReader {

  private static final String WHERE = "<liveUpdate><manifests><manifest>";

  private ManifestsReader() {}

  /** The manifest files, absolute and in order; a problem per unusable item, naming it. */
  static List<Path> read(List<String> raws, Path base, List<String> problems) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < raws.size(); i++) {
      String where = WHERE + "[" + (i + 1) + "]";
      String raw = raws.get(i);
      if (raw == null || raw.isBlank()) {
        problems.add(where + " must name a file or folder of Kubernetes YAML relative to the "
            + "module, got nothing");
        continue;
      }
      for (Path file : filesOf(where, raw, base, problems)) {
        if (!files.contains(file)) {
          files.add(file);
        }
      }
    }
    return files;
  }

  private static List<Path> filesOf(String where, String raw, Path base, List<String> problems) {
    Path resolved;
    try {
      resolved = base.resolve(raw.trim()).normalize();
    } catch (InvalidPathException e) {
      problems.add(where + " must be a valid local path, got " + Messages.quote(raw) + " ("
          + e.getReason() + ")");
      return List.of();
    }
    if (!resolved.startsWith(base)) {
      problems.add(where + " must lie inside the module directory " + base + ", got "
          + Messages.quote(raw) + " (resolves to " + resolved + ")");
      return List.of();
    }
    if (!Files.exists(resolved)) {
      problems.add(where + " must be an existing .yaml or .yml file or a folder of them, got "
          + Messages.quote(raw) + " (" + resolved + " does not exist)");
      return List.of();
    }
    if (Files.isRegularFile(resolved)) {
      if (!isYaml(resolved)) {
        problems.add(where + " must be a .yaml or .yml file or a folder of them, got "
            + Messages.quote(raw));
        return List.of();
      }
      return List.of(resolved);
    }
    try (Stream<Path> children = Files.list(resolved)) {
      List<Path> yaml = children.filter(Files::isRegularFile).filter(ManifestsReader::isYaml)
          .sorted().toList();
      if (yaml.isEmpty()) {
        problems.add(where + " must be a folder holding .yaml or .yml files, got "
            + Messages.quote(raw) + " (" + resolved + " holds none; its subfolders are not read)");
      }
      return yaml;
    } catch (IOException e) {
      problems.add(where + " must be a readable folder, got " + Messages.quote(raw) + " (" + e
          + ")");
      return List.of();
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
