package dev.liveupdate.javaloop;

import dev.liveupdate.compile.CompileResult;
import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.IncrementalCompiler;
import dev.liveupdate.compile.ResourceCopier;
import dev.liveupdate.compile.ResourceFilter;
import dev.liveupdate.compile.ResourceRoot;
import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.watch.ChangeBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The module's compile in the running Maven JVM: the warm {@link IncrementalCompiler} and the
 * {@link ResourceCopier}, both writing the output directory, which is what the Java loop syncs.
 * Reports what it did as events; returns what changed in the output directory. Opened again
 * with new settings when the POM changes (a new classpath). One caller at a time: the dev loop's
 * thread.
 */
final class Compilation implements AutoCloseable {

  /**
   * What one compile did.
   *
   * @param compiled whether the sources compiled (the resources are copied either way)
   * @param outputs  the output directory's files written and deleted
   */
  record Outcome(boolean compiled, ChangeBatch outputs) {}

  private final DevListener listener;
  private final ClassLedger ledger;
  /** Outputs of compiles that failed (resources copied meanwhile), not synced yet. */
  private ChangeBatch held = ChangeBatch.EMPTY;
  private CompilerSettings settings;
  private IncrementalCompiler compiler;
  private ResourceCopier resources;

  Compilation(DevListener listener) {
    this(listener, new ClassLedger(() -> false));
  }

  /** @param ledger where each compile's class changes go, for the reload ladder */
  Compilation(DevListener listener, ClassLedger ledger) {
    this.listener = listener;
    this.ledger = ledger;
  }

  /** Opens the compiler with {@code next} (closing the one open): the first time, or a new POM. */
  void open(CompilerSettings next, List<String> notes, Optional<ResourceFilter> filter)
      throws IOException {
    close();
    settings = next;
    compiler = IncrementalCompiler.open(next);
    resources = new ResourceCopier(next.resources(), next.outputDirectory(), filter);
    notes.forEach(note -> listener.on(new DevEvent.Warning(note)));
    compiler.wholeModuleReason().ifPresent(why -> listener.on(new DevEvent.Warning(
        "every compile compiles the whole module: " + why)));
  }

  boolean isOpen() {
    return compiler != null;
  }

  /** The source roots, the generated-sources directory left out: what is compiled on save. */
  List<Path> sourceRoots() {
    Path generated = settings.generatedSourcesDirectory().toAbsolutePath().normalize();
    return settings.sourceRoots().stream().map(p -> p.toAbsolutePath().normalize())
        .filter(p -> !p.equals(generated)).toList();
  }

  List<Path> resourceRoots() {
    return settings.resources().stream().map(ResourceRoot::directory)
        .map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** Whether a changed path is a compile input: below a source root or a resource root. */
  boolean isInput(Path path) {
    return sourceRoots().stream().anyMatch(path::startsWith) || resources.isResource(path);
  }

  /** Brings the output directory up to date: stale and removed sources, every resource. */
  Outcome compileStale() {
    long start = System.nanoTime();
    try {
      CompileResult result = compiler.compileStale();
      ledger.baseline(result.changes());
      return report(result, resources.copyAll(), start, false);
    } catch (IOException e) {
      return failed(e);
    }
  }

  /** Compiles the changed sources and copies the changed resources. */
  Outcome compile(Collection<Path> changed, Collection<Path> deleted) {
    long start = System.nanoTime();
    try {
      CompileResult result = compiler.compile(changed, deleted);
      return report(result, resources.update(changed, deleted), start, true);
    } catch (IOException e) {
      return failed(e);
    }
  }

  /**
   * The outputs to sync after a compile: with what earlier failed compiles held back when this
   * one compiled, else nothing (and its outputs are held back in turn).
   */
  ChangeBatch releasable(Outcome outcome) {
    held = held.followedBy(outcome.outputs());
    if (!outcome.compiled()) {
      return ChangeBatch.EMPTY;
    }
    ChangeBatch outputs = held;
    held = ChangeBatch.EMPTY;
    return outputs;
  }

  /** A new image holds the output directory as it is: nothing is held back any more. */
  void imageBuilt() {
    held = ChangeBatch.EMPTY;
    ledger.imageBuilt();
  }

  /** @param onSave whether the compile's class changes go to the ledger as changes to plan */
  private Outcome report(CompileResult result, ResourceCopier.Result copied, long start,
      boolean onSave) {
    Set<Path> written = new TreeSet<>(copied.written());
    Set<Path> deleted = new TreeSet<>(copied.deleted());
    copied.filtered().forEach(file -> listener.on(new DevEvent.Warning(file + " changed, but its "
        + "resource root has <filtering>true</filtering>, which liveupdate does not do: run mvn "
        + "process-resources and restart liveupdate:dev, or turn filtering off for development")));
    if (!result.success()) {
      listener.on(new DevEvent.CompileFailed(result.errorText()));
      return new Outcome(false, ChangeBatch.of(written, deleted));
    }
    if (onSave) {
      ledger.record(result.changes());
    }
    written.addAll(result.written());
    deleted.addAll(result.deleted());
    if (!result.compiled().isEmpty() || !written.isEmpty() || !deleted.isEmpty()) {
      String note = result.fullRecompile().map(why -> "the whole module: " + why)
          .orElse(result.skipped().isEmpty() ? ""
              : result.skipped().size() + " compiled already by another tool");
      listener.on(new DevEvent.Compiled(result.compiled().size(), written.size(), deleted.size(),
          java.time.Duration.ofNanos(System.nanoTime() - start), note));
    }
    return new Outcome(true, ChangeBatch.of(written, deleted));
  }

  private Outcome failed(IOException e) {
    listener.on(new DevEvent.Warning("compiling failed: " + e.getMessage()
        + "; the next change compiles again", e));
    return new Outcome(false, ChangeBatch.EMPTY);
  }

  @Override
  public void close() {
    if (compiler != null) {
      try {
        compiler.close();
      } catch (IOException e) {
        listener.on(new DevEvent.Warning("closing the compiler failed: " + e.getMessage(), e));
      }
      compiler = null;
    }
  }
}
