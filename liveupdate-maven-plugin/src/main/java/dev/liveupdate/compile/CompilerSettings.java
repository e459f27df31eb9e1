package dev.liveupdate.compile;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the module is compiled, as {@code maven-compiler-plugin} would compile it: read once at
 * start ({@code mojo/CompilerSettingsReader}), fixed for the life of an {@link IncrementalCompiler}.
 *
 * @param sourceRoots the compile source roots, absolute
 * @param outputDirectory {@code target/classes}
 * @param classpath the compile classpath, the output directory left out
 * @param release {@code --release}; when present, source and target are not passed
 * @param encoding the sources' encoding; empty: the platform's, as javac
 * @param debug {@code -g} (Maven's default) or {@code -g:none}
 * @param processorPath {@code -processorpath}; empty: processors are looked up on the classpath
 * @param processors {@code -processor}; empty: every processor found
 * @param proc {@code none}, {@code only} or {@code full}, passed as {@code -proc:...}
 * @param generatedSourcesDirectory where processors write sources ({@code -s}),
 *     {@code target/generated-sources/annotations}; never compiled as a source root here,
 *     the processors write it again
 * @param compilerArgs {@code <compilerArgs>} and {@code <compilerArgument>}, passed last
 * @param resources the resource roots, for {@link ResourceCopier}
 * @param workDirectory where the compiler stages its output before it reaches the output
 *     directory, {@code target/liveupdate}
 */
public record CompilerSettings(List<Path> sourceRoots, Path outputDirectory, List<Path> classpath,
    Optional<String> release, Optional<String> source, Optional<String> target,
    boolean parameters, Optional<Charset> encoding, boolean debug, List<Path> processorPath,
    List<String> processors, Optional<String> proc, Path generatedSourcesDirectory,
    List<String> compilerArgs, List<ResourceRoot> resources, Path workDirectory) {

  public CompilerSettings {
    sourceRoots = List.copyOf(sourceRoots);
    classpath = List.copyOf(classpath);
    processorPath = List.copyOf(processorPath);
    processors = List.copyOf(processors);
    compilerArgs = List.copyOf(compilerArgs);
    resources = List.copyOf(resources);
  }

  /**
   * Maven's defaults for a module: {@code src/main/java}, {@code src/main/resources},
   * {@code target/classes}, debug information, no release, processors found on the classpath.
   */
  public static CompilerSettings defaults(Path basedir, List<Path> classpath) {
    Path target = basedir.resolve("target");
    return new CompilerSettings(List.of(basedir.resolve("src/main/java")),
        target.resolve("classes"), classpath, Optional.empty(), Optional.empty(),
        Optional.empty(), false, Optional.empty(), true, List.of(), List.of(), Optional.empty(),
        target.resolve("generated-sources/annotations"), List.of(),
        List.of(ResourceRoot.plain(basedir.resolve("src/main/resources"))),
        target.resolve("liveupdate"));
  }

  public CompilerSettings withRelease(String value) {
    return new CompilerSettings(sourceRoots, outputDirectory, classpath, Optional.of(value),
        source, target, parameters, encoding, debug, processorPath, processors, proc,
        generatedSourcesDirectory, compilerArgs, resources, workDirectory);
  }

  public CompilerSettings withProcessorPath(List<Path> path, List<String> names) {
    return new CompilerSettings(sourceRoots, outputDirectory, classpath, release, source,
        target, parameters, encoding, debug, path, names, proc, generatedSourcesDirectory,
        compilerArgs, resources, workDirectory);
  }

  /** The javac options these settings stand for; locations are set on the file manager. */
  List<String> javacOptions() {
    List<String> options = new ArrayList<>();
    if (release.isPresent()) {
      options.add("--release");
      options.add(release.get());
    } else {
      source.ifPresent(s -> options.addAll(List.of("-source", s)));
      target.ifPresent(t -> options.addAll(List.of("-target", t)));
    }
    if (parameters) {
      options.add("-parameters");
    }
    encoding.ifPresent(e -> options.addAll(List.of("-encoding", e.name())));
    options.add(debug ? "-g" : "-g:none");
    if (!processors.isEmpty()) {
      options.add("-processor");
      options.add(String.join(",", processors));
    }
    proc.ifPresent(p -> options.add("-proc:" + p));
    options.addAll(compilerArgs);
    return options;
  }
}
