package dev.liveupdate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A copy of one scenario folder of {@code src/it/projects}, with {@code @project.version@} in its
 * POMs replaced by the version under test, so a real {@code mvn} can run the plugin on it.
 */
public final class SampleProject {

  static final Path PROJECTS = Path.of("src", "it", "projects");

  private SampleProject() {}

  static Path copy(String scenario, Path workDir) {
    return copy(scenario, workDir, java.util.Map.of());
  }

  /** As {@link #copy(String, Path)}, also replacing each {@code @key@} of {@code tokens}. */
  public static Path copy(String scenario, Path workDir, java.util.Map<String, String> tokens) {
    Path source = PROJECTS.resolve(scenario);
    Path target = workDir.resolve(scenario);
    try {
      if (Files.exists(target)) {
        try (Stream<Path> old = Files.walk(target)) {
          old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      try (Stream<Path> files = Files.walk(source)) {
        for (Path from : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(source.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      String version = System.getProperty("liveupdate.version");
      if (version == null || version.isBlank()) {
        throw new IllegalStateException("system property liveupdate.version is not set: run the "
            + "tests through Maven (./mvnw install), whose failsafe configuration passes it");
      }
      try (Stream<Path> files = Files.walk(target)) {
        for (Path pom : (Iterable<Path>) files.filter(p -> p.endsWith("pom.xml"))::iterator) {
          String text = Files.readString(pom, StandardCharsets.UTF_8)
              .replace("@project.version@", version);
          for (var token : tokens.entrySet()) {
            text = text.replace("@" + token.getKey() + "@", token.getValue());
          }
          Files.writeString(pom, text, StandardCharsets.UTF_8);
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy sample project " + scenario, e);
    }
  }
}
