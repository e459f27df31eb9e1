package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The supervisor jar as the unit tests need it before {@code package} runs: the main classes with
 * the manifest the real jar gets ({@code src/main/resources/META-INF/MANIFEST.MF}: Premain-Class,
 * Can-Redefine-Classes), so {@code -javaagent} loads it as it loads the real one.
 */
final class AgentJar {

  private AgentJar() {}

  static Path build(Path dir) throws IOException {
    Path classes = Path.of(JavaProcess.location(Supervisor.class));
    Path jar = dir.resolve("liveupdate-supervisor.jar");
    Manifest manifest;
    try (InputStream in = Files.newInputStream(classes.resolve("META-INF/MANIFEST.MF"))) {
      manifest = new Manifest(in);
    }
    manifest.getMainAttributes().putIfAbsent(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.endsWith("META-INF/MANIFEST.MF"))
          .collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
      for (Path file : files) {
        zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return jar;
  }
}
