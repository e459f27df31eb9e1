package dev.liveupdate.compile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A module on disk ({@code src/main/java}, {@code target/classes}) for compiler tests. */
final class JavaModule {

  final Path base;
  final Path sources;
  final Path classes;

  JavaModule(Path base) {
    this.base = base;
    this.sources = base.resolve("src/main/java");
    this.classes = base.resolve("target/classes");
  }

  CompilerSettings settings() {
    return CompilerSettings.defaults(base, List.of());
  }

  /**
   * Writes a source as an editor saves it, dated after every class file written so far (file
   * times are only as fine as the kernel's clock tick, a save may share one with a compile).
   */
  Path write(String relative, String content) throws IOException {
    Path file = sources.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    long newestClass = snapshot().values().stream().mapToLong(Snapshot::modified).max()
        .orElse(0);
    long now = Files.getLastModifiedTime(file).toMillis();
    if (now <= newestClass) {
      Files.setLastModifiedTime(file, FileTime.fromMillis(newestClass + 1));
    }
    return file;
  }

  Path source(String relative) {
    return sources.resolve(relative);
  }

  Path classFile(String internalName) {
    return classes.resolve(internalName + ".class");
  }

  /** Compiles sources straight into target/classes with javac, as an IDE would. */
  void compileLikeAnIde(Path... files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    String[] args = Stream.concat(Stream.of("-d", classes.toString(), "-cp", classes.toString(),
        "-g"), Stream.of(files).map(Path::toString)).toArray(String[]::new);
    assertTrue(javac.run(null, null, null, args) == 0, "the IDE-like compile failed");
  }

  /** Every file of target/classes with its bytes and modification time. */
  Map<String, Snapshot> snapshot() throws IOException {
    Map<String, Snapshot> files = new TreeMap<>();
    if (!Files.isDirectory(classes)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(classes.relativize(p).toString(), new Snapshot(
            new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1),
            Files.getLastModifiedTime(p).toMillis()));
      }
    }
    return files;
  }

  /** Calls a public static no-argument method of a compiled class, in a fresh class loader. */
  Object call(String className, String method) throws Exception {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      Method m = loader.loadClass(className).getMethod(method);
      return m.invoke(null);
    }
  }

  record Snapshot(String bytes, long modified) {}
}
