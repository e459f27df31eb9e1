package dev.liveupdate.compile;

import dev.liveupdate.classfile.Abi;
import dev.liveupdate.classfile.ClassFile;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sources to compile again when classes changed what dependents see (their ABI) or were
 * removed:
 * <ul>
 *   <li>the sources of every class whose class file names a changed class or one of its
 *       subtypes (a call to an inherited method names the subtype it is called on);
 *   <li>when constant values changed, also every source whose text names the class or one of
 *       its subtypes as a word ({@code Limits}, {@code Limits.MAX}, {@code import static
 *       p.Limits.*}): javac copies a constant into the classes that read it, which then name
 *       the class nowhere in their class file. A mention in a comment only costs a compile.
 * </ul>
 */
final class Dependents {

  private final ClassIndex index;
  private final SourceFiles sources;
  private final Charset encoding;

  Dependents(ClassIndex index, SourceFiles sources, Optional<Charset> encoding) {
    this.index = index;
    this.sources = sources;
    this.encoding = encoding.orElse(Charset.defaultCharset());
  }

  /**
   * @param changed classes whose ABI changed or that were removed, internal names
   * @param constantsChanged those of them whose constant values changed (or removed ones that
   *     had constants)
   * @param staged classes compiled earlier in this compile, by name, with their sources: they
   *     may name a changed class the output directory's version did not
   */
  Set<String> of(Collection<String> changed, Collection<String> constantsChanged,
      Map<String, ClassFile> staged, Map<String, String> stagedSources) throws IOException {
    Set<String> result = new TreeSet<>();
    if (changed.isEmpty()) {
      return result;
    }
    Set<String> affected = index.withSubtypes(changed);
    for (String name : affected) {
      for (String referencer : index.referencers(name)) {
        index.get(referencer).map(ClassIndex.Entry::source).ifPresent(result::add);
      }
    }
    staged.forEach((name, c) -> {
      if (c.referencedClasses().stream().anyMatch(affected::contains)
          && stagedSources.get(name) != null) {
        result.add(stagedSources.get(name));
      }
    });
    if (!constantsChanged.isEmpty()) {
      result.addAll(mentioning(simpleNames(index.withSubtypes(constantsChanged))));
    }
    return result;
  }

  /** Adds the class to {@code abiChanged} (and {@code constantsChanged}) if the change is one. */
  static void noteAbiChange(ClassChange change, Set<String> abiChanged,
      Set<String> constantsChanged) {
    if (change.before() == null) {
      return;
    }
    Abi before = Abi.of(change.before());
    String name = change.before().name();
    if (change.after() == null) {
      abiChanged.add(name);
      if (!before.constants().isEmpty()) {
        constantsChanged.add(name);
      }
      return;
    }
    Abi after = Abi.of(change.after());
    if (!before.fingerprint().equals(after.fingerprint())) {
      abiChanged.add(name);
      if (before.constantsDiffer(after)) {
        constantsChanged.add(name);
      }
    }
  }

  /** The sources whose text has one of the names as a whole word. */
  private Set<String> mentioning(Set<String> names) throws IOException {
    if (names.isEmpty()) {
      return Set.of();
    }
    Pattern word = Pattern.compile("\\b(" + names.stream().map(Pattern::quote)
        .collect(Collectors.joining("|")) + ")\\b");
    Set<String> found = new TreeSet<>();
    for (String source : sources.all()) {
      Optional<Path> file = sources.find(source);
      if (file.isPresent() && word.matcher(read(file.get())).find()) {
        found.add(source);
      }
    }
    return found;
  }

  private String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), encoding);
  }

  /**
   * {@code p/Outer$Inner} is written {@code Inner} (or {@code Outer.Inner}) in a source.
   * Anonymous and local classes ({@code Foo$1}, {@code Foo$1Local}) cannot be named outside
   * their own source, which is compiled already.
   */
  private static Set<String> simpleNames(Set<String> classNames) {
    Set<String> names = new HashSet<>();
    for (String name : classNames) {
      String simple = name.substring(name.lastIndexOf('/') + 1);
      simple = simple.substring(simple.lastIndexOf('$') + 1);
      if (!simple.isEmpty() && Character.isJavaIdentifierStart(simple.charAt(0))) {
        names.add(simple);
      }
    }
    return names;
  }
}
