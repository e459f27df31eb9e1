package dev.liveupdate.compile;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compiles a module's changed sources into its output directory, kept warm between compiles
 * ({@link Javac}), as a dev loop calls it on every save:
 * <ul>
 *   <li>javac writes into a staging directory; only a successful compile reaches the output
 *       directory, and then only class files whose bytes changed; a failed one leaves it
 *       untouched and its sources are compiled again with the next change;
 *   <li>classes of deleted (or renamed) sources, and classes a recompiled source no longer
 *       declares ({@code Outer$1}, ...), are deleted;
 *   <li>when a class's ABI changes ({@link dev.liveupdate.classfile.Abi}), the sources that
 *       depend on it are compiled too ({@link Dependents}), until no ABI changes;
 *   <li>a changed source whose class files are already newer than it (an IDE compiled it) is
 *       not compiled again; the IDE's class files are taken in as they are;
 *   <li>when annotation processors run ({@link Processors}), every compile is of the whole
 *       module, generated sources included ({@code -s} staged, then mirrored).
 * </ul>
 * Not thread-safe: one compile at a time.
 */
public final class IncrementalCompiler implements Closeable {

  private static final int MAX_ROUNDS = 8;

  private final CompilerSettings settings;
  private final SourceFiles sources;
  private final ClassIndex index;
  private final Javac javac;
  private final Dependents dependents;
  private final CompiledElsewhere elsewhere;
  private final Optional<String> wholeModule;
  private final Set<String> pending = new TreeSet<>();

  private IncrementalCompiler(CompilerSettings settings, SourceFiles sources, ClassIndex index,
      Javac javac, Optional<String> wholeModule) {
    this.settings = settings;
    this.sources = sources;
    this.index = index;
    this.javac = javac;
    this.wholeModule = wholeModule;
    this.dependents = new Dependents(index, sources, settings.encoding());
    this.elsewhere = new CompiledElsewhere(index, settings.outputDirectory());
  }

  /** Reads the output directory's class files and readies javac. */
  public static IncrementalCompiler open(CompilerSettings settings) throws IOException {
    Optional<String> wholeModule = Processors.inPlay(settings);
    Path generated = settings.generatedSourcesDirectory().toAbsolutePath().normalize();
    List<Path> roots = settings.sourceRoots().stream()
        .filter(r -> !r.toAbsolutePath().normalize().equals(generated)).toList();
    ClassIndex index = ClassIndex.scan(settings.outputDirectory().toAbsolutePath().normalize());
    return new IncrementalCompiler(settings, new SourceFiles(roots), index,
        new Javac(settings), wholeModule);
  }

  /** Why every compile compiles the whole module (annotation processors), if it does. */
  public Optional<String> wholeModuleReason() {
    return wholeModule;
  }

  /** Sources without class files, or with a class file older than the source. */
  public Set<Path> staleSources() throws IOException {
    Set<Path> stale = new TreeSet<>();
    for (String source : sources.all()) {
      Path file = sources.pathOf(source);
      Set<String> classes = index.classesOf(source);
      if (classes.isEmpty() || !elsewhere.isFresh(source, after(file))) {
        stale.add(file);
      }
    }
    return stale;
  }

  /**
   * Sources the output directory has classes of, but which are in no source root nor in a
   * directory of {@code target/generated-sources}: deleted while no loop ran.
   */
  public Set<Path> removedSources() throws IOException {
    Path generated = settings.generatedSourcesDirectory().toAbsolutePath().normalize();
    List<Path> elsewhereRoots = new ArrayList<>(List.of(generated));
    if (generated.getParent() != null && Files.isDirectory(generated.getParent())) {
      try (var list = Files.list(generated.getParent())) {
        list.filter(Files::isDirectory).forEach(elsewhereRoots::add);
      }
    }
    Set<Path> removed = new TreeSet<>();
    for (String source : index.sources()) {
      if (!sources.exists(source)
          && elsewhereRoots.stream().noneMatch(r -> Files.isRegularFile(r.resolve(source)))) {
        removed.add(sources.pathOf(source));
      }
    }
    return removed;
  }

  /** Brings the output directory up to date at start: stale and removed sources. */
  public CompileResult compileStale() throws IOException {
    return compile(staleSources(), removedSources());
  }

  /**
   * Compiles after a change.
   *
   * @param changed sources (or directories of sources) added or modified; paths outside the
   *     source roots are ignored
   * @param deleted sources or directories deleted (a path that exists again counts as changed)
   */
  public CompileResult compile(Collection<Path> changed, Collection<Path> deleted)
      throws IOException {
    long start = System.nanoTime();
    Set<String> changedNames = new TreeSet<>();
    Set<String> deletedNames = new TreeSet<>();
    for (Path p : changed) {
      classify(p, changedNames, deletedNames);
    }
    for (Path p : deleted) {
      classify(p, changedNames, deletedNames);
    }
    List<ClassChange> changes = new ArrayList<>();
    Set<String> skipped = new TreeSet<>();
    Set<String> toCompile = takeInCompiledElsewhere(changedNames, skipped, changes);
    for (String source : pending) {
      // held back by the last compile's errors: compiled again whatever their dates
      (sources.exists(source) ? toCompile : deletedNames).add(source);
    }
    changedNames.addAll(toCompile);
    Optional<String> whole = Optional.empty();
    if (wholeModule.isPresent() && !(toCompile.isEmpty() && deletedNames.isEmpty())) {
      whole = wholeModule;
    }
    Path work = settings.workDirectory().toAbsolutePath().normalize();
    Path staging = work.resolve("staging/classes");
    Path stagedSources = work.resolve("staging/generated-sources");
    StagedOutput.clean(staging);
    StagedOutput.clean(stagedSources);
    CompileRounds rounds = new CompileRounds(javac, index, sources, dependents, staging,
        stagedSources);
    boolean ok = rounds.run(whole.isPresent() ? sources.all() : toCompile, deletedNames,
        whole.isPresent(), MAX_ROUNDS);
    if (rounds.unsettled) {
      whole = Optional.of("dependents still changed their ABI after " + MAX_ROUNDS + " rounds");
      StagedOutput.clean(staging);
      StagedOutput.clean(stagedSources);
      rounds = new CompileRounds(javac, index, sources, dependents, staging, stagedSources);
      ok = rounds.run(sources.all(), deletedNames, true, 1);
    }
    Set<Path> compiled = rounds.compiled.stream().map(sources::pathOf)
        .collect(Collectors.toCollection(TreeSet::new));
    if (!ok) {
      pending.addAll(rounds.compiled);
      pending.addAll(changedNames);
      pending.addAll(deletedNames);
      StagedOutput.clean(staging);
      return new CompileResult(false, rounds.diagnostics, compiled, paths(skipped), List.of(),
          whole, rounds.rounds, elapsed(start));
    }
    Set<String> replaced = new TreeSet<>(rounds.compiled);
    replaced.addAll(deletedNames);
    if (whole.isPresent()) {
      replaced.addAll(sourcesUnder(settings.generatedSourcesDirectory()));
      replaced.addAll(sourcesUnder(stagedSources));
    }
    changes.addAll(StagedOutput.apply(index, staging, rounds.staged, rounds.stagedSourceOf,
        replaced));
    StagedOutput.copyOtherFiles(staging, settings.outputDirectory());
    if (whole.isPresent()) {
      StagedOutput.mirror(stagedSources, settings.generatedSourcesDirectory());
    }
    pending.clear();
    return new CompileResult(true, rounds.diagnostics, compiled, paths(skipped), changes, whole,
        rounds.rounds, elapsed(start));
  }

  /**
   * Takes in the class files of changed sources an IDE already compiled, and of their
   * dependents it compiled after them; returns the sources left to compile.
   */
  private Set<String> takeInCompiledElsewhere(Set<String> changedNames, Set<String> skipped,
      List<ClassChange> changes) throws IOException {
    Set<String> toCompile = new TreeSet<>();
    Deque<String> taken = new ArrayDeque<>();
    for (String source : changedNames) {
      if (elsewhere.isFresh(source, after(sources.pathOf(source)))) {
        skipped.add(source);
        taken.add(source);
      } else {
        toCompile.add(source);
      }
    }
    while (!taken.isEmpty()) {
      String source = taken.pop();
      FileTime newest = elsewhere.newest(source);
      Set<String> abiChanged = new TreeSet<>();
      Set<String> constantsChanged = new TreeSet<>();
      for (ClassChange c : elsewhere.takeIn(source)) {
        changes.add(c);
        Dependents.noteAbiChange(c, abiChanged, constantsChanged);
      }
      for (String dependent : dependents.of(abiChanged, constantsChanged, Map.of(), Map.of())) {
        if (!sources.exists(dependent) || skipped.contains(dependent)
            || toCompile.contains(dependent)) {
          continue;
        }
        if (elsewhere.isFresh(dependent, newest)) {
          skipped.add(dependent);
          taken.add(dependent);
        } else {
          toCompile.add(dependent);
        }
      }
    }
    return toCompile;
  }

  /**
   * Just after a source's modification time: its class files must be newer, not as new (file
   * times move by the kernel's clock tick, a save and a compile can share one).
   */
  private static FileTime after(Path source) throws IOException {
    return FileTime.from(Files.getLastModifiedTime(source).toInstant().plusNanos(1));
  }

  private void classify(Path path, Set<String> changed, Set<String> deleted) throws IOException {
    Optional<String> name = sources.nameOf(path);
    if (name.isEmpty()) {
      return;
    }
    if (Files.isDirectory(path)) {
      changed.addAll(sources.under(sources.rootOf(path).orElseThrow(), path));
    } else if (name.get().endsWith(".java")) {
      (Files.isRegularFile(path) ? changed : deleted).add(name.get());
    } else if (!Files.exists(path)) {
      String prefix = name.get() + "/";
      index.sources().stream().filter(s -> s.startsWith(prefix) && !sources.exists(s))
          .forEach(deleted::add);
    }
  }

  private Set<String> sourcesUnder(Path dir) throws IOException {
    Path root = dir.toAbsolutePath().normalize();
    return sources.under(root, root);
  }

  private Set<Path> paths(Set<String> names) {
    return names.stream().map(sources::pathOf).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() throws IOException {
    javac.close();
  }
}
