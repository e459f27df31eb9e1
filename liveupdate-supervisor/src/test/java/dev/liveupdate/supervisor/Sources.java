package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles Java sources the tests write (new versions of a class) with the JDK's own compiler. */
final class Sources {

  private Sources() {}

  /**
   * Compiles {@code sources} (binary name to source text) into {@code out}.
   *
   * @return the class file of each given name
   */
  static Map<String, Path> compile(Path work, Path out, Map<String, String> sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no Java compiler in " + System.getProperty("java.home")
          + ": a JDK is needed (apt-get install -y openjdk-17-jdk-headless)");
    }
    Path src = Files.createTempDirectory(Files.createDirectories(work), "src");
    Files.createDirectories(out);
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "11"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    StringWriter errors = new StringWriter();
    int status = javac.run(null, null, null, args.toArray(String[]::new));
    if (status != 0) {
      throw new AssertionError("javac failed with " + status + errors);
    }
    Map<String, Path> classFiles = new java.util.LinkedHashMap<>();
    sources.keySet().forEach(name -> classFiles.put(name, out.resolve(name.replace('.', '/') + ".class")));
    return classFiles;
  }
}
