package dev.liveupdate.compile;

import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * javac in this JVM, kept warm: one {@link JavaCompiler} and one {@link StandardJavaFileManager}
 * for every compile, so the classpath's jars are opened once and javac's code stays compiled by
 * the JIT. Each run compiles the given sources into a staging directory. The output directory
 * is on the classpath behind the staging directory, with the class files of the sources being
 * compiled (or deleted) hidden: javac sees the module as it will be, not stale classes of it.
 *
 * <p>The file manager keeps the classpath's jars open and their listings read: a jar rebuilt
 * in place (a SNAPSHOT of a sibling module) is not seen again; open a new
 * {@link IncrementalCompiler} when the classpath's files change, as on a pom change.
 */
final class Javac implements Closeable {

  /** What one javac run gave. */
  record Run(boolean success, List<CompileDiagnostic> diagnostics,
      Map<String, Path> siblings) {}

  private final JavaCompiler compiler;
  private final CompilerSettings settings;
  private StandardJavaFileManager files;
  private Set<Path> missing;
  private final List<String> options;
  private final Path outputDirectory;
  private final List<Path> classpath;

  Javac(CompilerSettings settings) throws IOException {
    compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("No Java compiler in this JVM (" + System.getProperty(
          "java.home") + "): run Maven with a JDK, not a JRE");
    }
    this.settings = settings;
    options = settings.javacOptions();
    outputDirectory = settings.outputDirectory().toAbsolutePath().normalize();
    classpath = settings.classpath();
    Files.createDirectories(outputDirectory);
    files = newFileManager();
  }

  private StandardJavaFileManager newFileManager() throws IOException {
    StandardJavaFileManager manager = compiler.getStandardFileManager(null, null,
        settings.encoding().orElse(null));
    manager.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
    if (!settings.processorPath().isEmpty()) {
      manager.setLocationFromPaths(StandardLocation.ANNOTATION_PROCESSOR_PATH,
          settings.processorPath());
    }
    missing = classpath.stream().filter(p -> !Files.exists(p)).collect(Collectors.toSet());
    return manager;
  }

  /**
   * javac's file manager remembers a classpath entry missing at its first use as missing for
   * good (a sibling module's {@code target/classes} built later): start a new one then.
   */
  private void renewIfMissingAppeared() throws IOException {
    if (missing.stream().anyMatch(Files::exists)) {
      files.close();
      files = newFileManager();
    }
  }

  /**
   * Compiles the sources into {@code classOutput} (processor-generated sources into
   * {@code sourceOutput}), with {@code hidden} class files of the output directory (internal
   * names) invisible.
   *
   * @return the diagnostics, and for each class written (internal name) the source javac
   *     compiled it from, when it said
   */
  Run run(Collection<Path> sources, Path classOutput, Path sourceOutput, Set<String> hidden)
      throws IOException {
    renewIfMissingAppeared();
    List<Path> path = new ArrayList<>();
    path.add(classOutput);
    path.add(outputDirectory);
    path.addAll(classpath);
    files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classOutput));
    files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(sourceOutput));
    files.setLocationFromPaths(StandardLocation.CLASS_PATH, path);
    HidingFileManager manager = new HidingFileManager(files, outputDirectory, hidden);
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    StringWriter otherOutput = new StringWriter();
    boolean success;
    try {
      success = compiler.getTask(otherOutput, manager, collector, options, null,
          files.getJavaFileObjectsFromPaths(sources)).call();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // a bad option (an unsupported --release, an unknown -X flag): javac's own words
      return failure("error: " + e.getMessage());
    } catch (RuntimeException e) {
      // an annotation processor threw: javac wraps its exception
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return failure("error: annotation processing failed: " + cause);
    }
    List<CompileDiagnostic> diagnostics = new ArrayList<>();
    collector.getDiagnostics().forEach(d -> diagnostics.add(DiagnosticText.of(d, files)));
    if (!otherOutput.toString().isBlank()) {
      diagnostics.add(new CompileDiagnostic(success ? "note" : "error",
          Optional.empty(), 0, otherOutput.toString().strip()));
    }
    return new Run(success, diagnostics, manager.siblings);
  }

  private static Run failure(String text) {
    return new Run(false, List.of(new CompileDiagnostic("error", Optional.empty(), 0,
        text)), Map.of());
  }

  @Override
  public void close() throws IOException {
    files.close();
  }

  /** Hides class files of the output directory; records which source each output came from. */
  private static final class HidingFileManager
      extends ForwardingJavaFileManager<StandardJavaFileManager> {

    private final Path outputDirectory;
    private final Set<String> hidden;
    final Map<String, Path> siblings = new HashMap<>();

    HidingFileManager(StandardJavaFileManager files, Path outputDirectory, Set<String> hidden) {
      super(files);
      this.outputDirectory = outputDirectory;
      this.hidden = hidden;
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName,
        Set<JavaFileObject.Kind> kinds, boolean recurse) throws IOException {
      Iterable<JavaFileObject> all = super.list(location, packageName, kinds, recurse);
      if (location != StandardLocation.CLASS_PATH || hidden.isEmpty()) {
        return all;
      }
      List<JavaFileObject> shown = new ArrayList<>();
      for (JavaFileObject file : all) {
        if (!isHidden(file)) {
          shown.add(file);
        }
      }
      return shown;
    }

    private boolean isHidden(JavaFileObject file) {
      if (file.getKind() != JavaFileObject.Kind.CLASS
          || !"file".equals(file.toUri().getScheme())) {
        return false;
      }
      Path path = Path.of(file.toUri()).normalize();
      if (!path.startsWith(outputDirectory)) {
        return false;
      }
      String relative = SourceFiles.slashes(outputDirectory.relativize(path));
      return hidden.contains(relative.substring(0, relative.length() - ".class".length()));
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className,
        JavaFileObject.Kind kind, FileObject sibling) throws IOException {
      if (kind == JavaFileObject.Kind.CLASS && sibling != null
          && "file".equals(sibling.toUri().getScheme())) {
        siblings.put(className.replace('.', '/'), Path.of(sibling.toUri()));
      }
      return super.getJavaFileForOutput(location, className, kind, sibling);
    }
  }
}
