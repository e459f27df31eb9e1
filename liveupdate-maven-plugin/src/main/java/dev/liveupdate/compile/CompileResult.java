package dev.liveupdate.compile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one {@link IncrementalCompiler#compile} did. On failure the output directory is as it
 * was before, byte for byte, and {@link #changes()} is empty.
 *
 * @param compiled the sources javac compiled, dependents included
 * @param skipped changed sources not compiled because their class files were already newer
 *     (an IDE compiled them); their class files are in {@link #changes()} when they differ
 * @param changes every class file written with new bytes or deleted, with its class before
 *     and after; class files javac wrote with unchanged bytes are not rewritten
 * @param fullRecompile why every source of the module was compiled, when it was (annotation
 *     processors in play, or dependents that did not settle)
 * @param rounds javac runs: 1 + one per wave of dependents whose ABI changed
 */
public record CompileResult(boolean success, List<CompileDiagnostic> diagnostics,
    Set<Path> compiled, Set<Path> skipped, List<ClassChange> changes,
    Optional<String> fullRecompile, int rounds, Duration took) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
    compiled = Set.copyOf(compiled);
    skipped = Set.copyOf(skipped);
    changes = List.copyOf(changes);
  }

  public List<CompileDiagnostic> errors() {
    return diagnostics.stream().filter(CompileDiagnostic::isError).toList();
  }

  /** The errors as javac prints them, with its closing count ({@code 2 errors}). */
  public String errorText() {
    List<CompileDiagnostic> errors = errors();
    if (errors.isEmpty()) {
      return "";
    }
    return errors.stream().map(CompileDiagnostic::text).collect(Collectors.joining("\n"))
        + "\n" + errors.size() + (errors.size() == 1 ? " error" : " errors");
  }

  /** The class files written, or found rewritten by an IDE: what to sync. */
  public Set<Path> written() {
    return changes.stream().filter(c -> c.after() != null).map(ClassChange::file)
        .collect(Collectors.toSet());
  }

  /** The class files deleted: what to delete in the containers. */
  public Set<Path> deleted() {
    return changes.stream().filter(c -> c.after() == null).map(ClassChange::file)
        .collect(Collectors.toSet());
  }

  /** Nothing compiled, nothing changed: the module was up to date. */
  public boolean isEmpty() {
    return success && compiled.isEmpty() && changes.isEmpty();
  }
}
