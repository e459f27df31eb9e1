package dev.liveupdate.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Compiles sources with the real javac and reads every class file it wrote. */
final class Compiled {

  private Compiled() {}

  /**
   * @param sources file name (relative, {@code p/Foo.java}) then content, repeated
   * @return the classes by internal name
   */
  static Map<String, ClassFile> compile(Path dir, String... sources) throws IOException {
    Path src = dir.resolve("src");
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-g", "-parameters"));
    for (int i = 0; i < sources.length; i += 2) {
      Path file = src.resolve(sources[i]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, sources[i + 1]);
      args.add(file.toString());
    }
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null,
        args.toArray(String[]::new));
    assertEquals(0, rc, "javac compiles the test sources");
    Map<String, ClassFile> classes = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : (Iterable<Path>) walk.filter(f -> f.toString().endsWith(".class"))::iterator) {
        ClassFile c = ClassFile.read(p);
        classes.put(c.name(), c);
      }
    }
    return classes;
  }

  /** One class of one source. */
  static ClassFile one(Path dir, String name, String file, String source) throws IOException {
    return compile(dir, file, source).get(name);
  }
}
