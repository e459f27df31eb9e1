package dev.liveupdate.compile;

import dev.liveupdate.classfile.Abi;
import dev.liveupdate.classfile.ClassFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The javac runs of one compile, all into the staging directory: the changed sources first;
 * then, while a run changed the ABI of a class (or removed one), the sources that depend on it,
 * compiled against the staged classes. A source compiled again replaces its staged classes.
 * Each class's ABI is compared with the version its dependents were last compiled against (the
 * output directory's, or an earlier run's), so a chain of inlined constants settles run by run.
 */
final class CompileRounds {

  private final Javac javac;
  private final ClassIndex index;
  private final SourceFiles sources;
  private final Dependents dependents;
  private final Path staging;
  private final Path stagedSources;

  final Map<String, ClassFile> staged = new HashMap<>();
  final Map<String, String> stagedSourceOf = new HashMap<>();
  final Set<String> compiled = new TreeSet<>();
  final List<CompileDiagnostic> diagnostics = new ArrayList<>();
  private final Map<String, Optional<Abi>> lastSeen = new HashMap<>();
  private final Set<String> hidden = new HashSet<>();
  int rounds;
  /** Dependents still changed their ABI when the rounds ran out. */
  boolean unsettled;

  CompileRounds(Javac javac, ClassIndex index, SourceFiles sources, Dependents dependents,
      Path staging, Path stagedSources) {
    this.javac = javac;
    this.index = index;
    this.sources = sources;
    this.dependents = dependents;
    this.staging = staging;
    this.stagedSources = stagedSources;
  }

  /**
   * Compiles {@code first}, then dependents until no ABI changes, at most {@code maxRounds}
   * runs; with {@code whole}, {@code first} is the whole module and one run is all.
   *
   * @param deleted deleted sources: their classes are hidden and count as removed
   * @return false when javac failed, or when dependents did not settle ({@link #unsettled})
   */
  boolean run(Set<String> first, Set<String> deleted, boolean whole, int maxRounds)
      throws IOException {
    Set<String> removed = new TreeSet<>();
    for (String source : deleted) {
      removed.addAll(index.classesOf(source));
    }
    hidden.addAll(removed);
    if (whole) {
      // generated sources' classes too: a processor may not write them again
      hidden.addAll(index.javaClasses());
    }
    Set<String> toCompile = new TreeSet<>(first);
    if (!whole) {
      toCompile.addAll(existing(dependents.of(removed, withConstants(removed), staged,
          stagedSourceOf)));
      toCompile.removeAll(deleted);
    }
    while (!toCompile.isEmpty()) {
      if (++rounds > maxRounds) {
        unsettled = true;
        return false;
      }
      Map<String, Optional<Abi>> before = new HashMap<>();
      for (String source : toCompile) {
        for (String name : classesOf(source)) {
          before.put(name, seen(name));
        }
        hidden.addAll(index.classesOf(source));
        unstage(source);
      }
      List<Path> paths = toCompile.stream().map(sources::pathOf).toList();
      Javac.Run run = javac.run(paths, staging, stagedSources, hidden);
      diagnostics.addAll(run.diagnostics());
      if (!run.success()) {
        compiled.addAll(toCompile);
        return false;
      }
      compiled.addAll(toCompile);
      for (Map.Entry<String, Path> out : run.siblings().entrySet()) {
        ClassFile c = ClassFile.read(staging.resolve(out.getKey() + ".class"));
        staged.put(out.getKey(), c);
        stagedSourceOf.put(out.getKey(), sourceName(out.getValue(), c));
        before.putIfAbsent(out.getKey(), seen(out.getKey()));
      }
      if (whole) {
        return true;
      }
      Set<String> abiChanged = new TreeSet<>();
      Set<String> constantsChanged = new TreeSet<>();
      before.forEach((name, was) -> {
        Optional<Abi> now = Optional.ofNullable(staged.get(name)).map(Abi::of);
        lastSeen.put(name, now);
        if (was.isPresent() && (now.isEmpty()
            || !was.get().fingerprint().equals(now.get().fingerprint()))) {
          abiChanged.add(name);
          if (now.isEmpty() ? !was.get().constants().isEmpty()
              : was.get().constantsDiffer(now.get())) {
            constantsChanged.add(name);
          }
        }
      });
      Set<String> next = existing(dependents.of(abiChanged, constantsChanged, staged,
          stagedSourceOf));
      next.removeAll(toCompile);
      next.removeAll(deleted);
      toCompile = next;
    }
    return true;
  }

  /** The classes a source has now: staged by this compile, else in the output directory. */
  private Set<String> classesOf(String source) {
    Set<String> names = new TreeSet<>();
    stagedSourceOf.forEach((name, s) -> {
      if (s.equals(source)) {
        names.add(name);
      }
    });
    return names.isEmpty() && !compiled.contains(source) ? index.classesOf(source) : names;
  }

  private Optional<Abi> seen(String name) {
    Optional<Abi> seen = lastSeen.get(name);
    return seen != null ? seen : index.get(name).map(ClassIndex.Entry::abi);
  }

  private void unstage(String source) throws IOException {
    List<String> names = new ArrayList<>();
    stagedSourceOf.forEach((name, s) -> {
      if (s.equals(source)) {
        names.add(name);
      }
    });
    for (String name : names) {
      Files.deleteIfExists(staging.resolve(name + ".class"));
      staged.remove(name);
      stagedSourceOf.remove(name);
    }
  }

  private Set<String> withConstants(Set<String> classes) {
    Set<String> with = new TreeSet<>();
    for (String name : classes) {
      index.get(name).filter(e -> !e.abi().constants().isEmpty()).ifPresent(e -> with.add(name));
    }
    return with;
  }

  /** A source's name from the file javac compiled a class from: a root's, or a generated one. */
  private String sourceName(Path sibling, ClassFile c) {
    if (sibling != null) {
      Path p = sibling.toAbsolutePath().normalize();
      Optional<String> name = sources.nameOf(p);
      if (name.isPresent()) {
        return name.get();
      }
      if (p.startsWith(stagedSources)) {
        return SourceFiles.slashes(stagedSources.relativize(p));
      }
    }
    return ClassIndex.javaSource(c);
  }

  private Set<String> existing(Set<String> names) {
    Set<String> result = new TreeSet<>(names);
    result.removeIf(n -> !sources.exists(n));
    return result;
  }
}
