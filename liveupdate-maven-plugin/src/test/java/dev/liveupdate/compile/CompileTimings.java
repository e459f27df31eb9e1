package dev.liveupdate.compile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.tools.ToolProvider;

/**
 * Figures, not a test: how long a one-file change takes to compile, cold and warm. A module of
 * {@code N} classes, each using client-java's model classes (so javac opens the jars of the
 * classpath it is given), is compiled once; then one class's body is edited repeatedly.
 *
 * <p>Run: {@code java -cp <test classpath> dev.liveupdate.compile.CompileTimings <dir>
 * <classpath>}; prints one line per figure. Run it twice on the same directory: the second run
 * starts with a one-file compile in a cold JVM.
 */
public final class CompileTimings {

  private static final int CLASSES = 50;
  private static final int EDITS = 15;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CompileTimings() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    List<Path> classpath = new ArrayList<>();
    for (String entry : args[1].split(":")) {
      if (entry.endsWith(".jar")) {
        classpath.add(Path.of(entry));
      }
    }
    JavaModule module = new JavaModule(dir);
    boolean built = Files.isDirectory(module.classes);
    if (!built) {
      for (int i = 0; i < CLASSES; i++) {
        module.write("app/C" + i + ".java", source(i, "v0"));
      }
    }
    CompilerSettings settings = CompilerSettings.defaults(dir, classpath).withRelease("17");
    Path edited = module.source("app/C25.java");

    long t = System.nanoTime();
    try (IncrementalCompiler compiler = IncrementalCompiler.open(settings)) {
      if (built) {
        module.write("app/C25.java", source(25, "cold" + System.nanoTime()));
        report("1 file, cold JVM (module built by an earlier run; open included)", t,
            compiler.compile(List.of(edited), List.of()));
      } else {
        report("whole module (" + CLASSES + " classes), cold JVM", t, compiler.compileStale());
      }
      t = System.nanoTime();
      module.write("app/C25.java", source(25, "first"));
      report("1 file, the next compile", t, compiler.compile(List.of(edited), List.of()));
      List<Long> warm = new ArrayList<>();
      List<Long> cpu = new ArrayList<>();
      for (int i = 0; i < EDITS; i++) {
        module.write("app/C25.java", source(25, "warm" + i));
        t = System.nanoTime();
        long c = THREADS.getCurrentThreadCpuTime();
        CompileResult r = compiler.compile(List.of(edited), List.of());
        check(r);
        cpu.add(THREADS.getCurrentThreadCpuTime() - c);
        warm.add(System.nanoTime() - t);
      }
      System.out.println("1 file, warm compiler, median of " + EDITS + ": " + median(warm)
          + " ms (min " + min(warm) + "), CPU of the compiling thread " + median(cpu) + " ms");
    }
    List<Long> fresh = new ArrayList<>();
    List<Long> freshCpu = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      module.write("app/C25.java", source(25, "fresh" + i));
      t = System.nanoTime();
      long c = THREADS.getCurrentThreadCpuTime();
      try (IncrementalCompiler compiler = IncrementalCompiler.open(settings)) {
        check(compiler.compile(List.of(edited), List.of()));
      }
      freshCpu.add(THREADS.getCurrentThreadCpuTime() - c);
      fresh.add(System.nanoTime() - t);
    }
    System.out.println("1 file, new compiler and file manager each time (JIT warm), median of 5: "
        + median(fresh) + " ms, CPU " + median(freshCpu) + " ms");
    module.write("app/C25.java", source(25, "cli"));
    Files.setLastModifiedTime(edited, FileTime.fromMillis(System.currentTimeMillis()));
    t = System.nanoTime();
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        dir.resolve("cli").toString(), "-cp", module.classes + ":" + args[1], "--release", "17",
        edited.toString());
    System.out.println("1 file, javac.run() without the warm file manager: "
        + (System.nanoTime() - t) / 1_000_000 + " ms (rc " + rc + ")");
  }

  private static String source(int i, String text) {
    String previous = i == 0 ? "0" : "C" + (i - 1) + ".size(pod)";
    return "package app;\n"
        + "import io.kubernetes.client.openapi.models.V1Pod;\n"
        + "import io.kubernetes.client.openapi.models.V1ObjectMeta;\n"
        + "import java.util.List;\n"
        + "public class C" + i + " {\n"
        + "  public static int size(V1Pod pod) {\n"
        + "    V1ObjectMeta meta = pod.getMetadata();\n"
        + "    List<String> names = List.of(\"" + text + "\", String.valueOf(meta));\n"
        + "    return names.size() + " + previous + ";\n"
        + "  }\n"
        + "}\n";
  }

  private static void report(String what, long start, CompileResult result) {
    check(result);
    long processCpu = ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1_000_000;
    System.out.println(what + ": " + (System.nanoTime() - start) / 1_000_000 + " ms ("
        + result.compiled().size() + " compiled, " + result.changes().size() + " written; "
        + "process CPU so far " + processCpu + " ms)");
  }

  private static void check(CompileResult result) {
    if (!result.success()) {
      throw new IllegalStateException(result.errorText());
    }
  }

  private static long median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2) / 1_000_000;
  }

  private static long min(List<Long> nanos) {
    return Collections.min(nanos) / 1_000_000;
  }
}
