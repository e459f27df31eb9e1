package dev.liveupdate.compile;

import dev.liveupdate.classfile.Abi;
import dev.liveupdate.classfile.ClassFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the output directory holds, read from its class files: each class with its ABI, the
 * source it came from, the classes that name it and its direct subtypes. Built once at start,
 * then kept in step with every class file the compiler writes or deletes.
 */
final class ClassIndex {

  /**
   * One class of the output directory.
   *
   * @param source the source's name relative to its root ({@code p/Foo.java}), or null when the
   *     class did not come from a {@code .java} file (Kotlin, Groovy, ...): never compiled or
   *     deleted here
   * @param modified the class file's modification time when it was read or written
   */
  record Entry(ClassFile file, Abi abi, String source, FileTime modified) {}

  private final Path outputDirectory;
  private final Map<String, Entry> classes = new HashMap<>();
  private final Map<String, Set<String>> bySource = new HashMap<>();
  private final Map<String, Set<String>> referencedBy = new HashMap<>();
  private final Map<String, Set<String>> subtypes = new HashMap<>();

  private ClassIndex(Path outputDirectory) {
    this.outputDirectory = outputDirectory;
  }

  /** Reads every class file of the output directory (none when it does not exist yet). */
  static ClassIndex scan(Path outputDirectory) throws IOException {
    ClassIndex index = new ClassIndex(outputDirectory);
    if (!Files.isDirectory(outputDirectory)) {
      return index;
    }
    try (Stream<Path> walk = Files.walk(outputDirectory)) {
      for (Path file : (Iterable<Path>) walk.filter(ClassIndex::isClassFile)::iterator) {
        ClassFile c = ClassFile.read(file);
        if (file.equals(index.fileOf(c.name()))) {
          index.put(c, javaSource(c), Files.getLastModifiedTime(file));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return index;
  }

  /** The source name of a class compiled from Java, or null (another language). */
  static String javaSource(ClassFile c) {
    String source = c.sourcePath();
    return source.endsWith(".java") ? source : null;
  }

  static boolean isClassFile(Path p) {
    return p.getFileName().toString().endsWith(".class") && Files.isRegularFile(p);
  }

  Path fileOf(String className) {
    return outputDirectory.resolve(className + ".class");
  }

  Optional<Entry> get(String className) {
    return Optional.ofNullable(classes.get(className));
  }

  /** The classes compiled from a source, by internal name. */
  Set<String> classesOf(String source) {
    return Set.copyOf(bySource.getOrDefault(source, Set.of()));
  }

  /** Every class compiled from a Java source (generated ones included). */
  Set<String> javaClasses() {
    Set<String> names = new HashSet<>();
    bySource.values().forEach(names::addAll);
    return names;
  }

  /** Every source some class of the output directory came from. */
  Set<String> sources() {
    return Set.copyOf(bySource.keySet());
  }

  void put(ClassFile c, String source, FileTime modified) {
    remove(c.name());
    classes.put(c.name(), new Entry(c, Abi.of(c), source, modified));
    if (source != null) {
      bySource.computeIfAbsent(source, s -> new HashSet<>()).add(c.name());
    }
    for (String referenced : c.referencedClasses()) {
      referencedBy.computeIfAbsent(referenced, r -> new HashSet<>()).add(c.name());
    }
    for (String supertype : supertypes(c)) {
      subtypes.computeIfAbsent(supertype, s -> new HashSet<>()).add(c.name());
    }
  }

  /** Records a new modification time for a class file rewritten with the same bytes. */
  void touched(String className, FileTime modified) {
    Entry e = classes.get(className);
    if (e != null) {
      classes.put(className, new Entry(e.file(), e.abi(), e.source(), modified));
    }
  }

  void remove(String className) {
    Entry old = classes.remove(className);
    if (old == null) {
      return;
    }
    if (old.source() != null) {
      removeFrom(bySource, old.source(), className);
    }
    for (String referenced : old.file().referencedClasses()) {
      removeFrom(referencedBy, referenced, className);
    }
    for (String supertype : supertypes(old.file())) {
      removeFrom(subtypes, supertype, className);
    }
  }

  /** The classes whose class files name this class. */
  Set<String> referencers(String className) {
    return Set.copyOf(referencedBy.getOrDefault(className, Set.of()));
  }

  /**
   * The classes and all their subtypes, transitively: a caller of an inherited member names
   * the subtype it calls through, not the class declaring the member.
   */
  Set<String> withSubtypes(Collection<String> classNames) {
    Set<String> all = new HashSet<>(classNames);
    Deque<String> todo = new ArrayDeque<>(classNames);
    while (!todo.isEmpty()) {
      for (String sub : subtypes.getOrDefault(todo.pop(), Set.of())) {
        if (all.add(sub)) {
          todo.push(sub);
        }
      }
    }
    return all;
  }

  private static List<String> supertypes(ClassFile c) {
    return c.superName() == null ? c.interfaces()
        : Stream.concat(Stream.of(c.superName()), c.interfaces().stream()).toList();
  }

  private static void removeFrom(Map<String, Set<String>> map, String key, String value) {
    Set<String> set = map.get(key);
    if (set != null && set.remove(value) && set.isEmpty()) {
      map.remove(key);
    }
  }
}
