package dev.liveupdate.compile;

import dev.liveupdate.classfile.ClassFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Class files that someone else (an IDE building into {@code target/classes}) wrote after a
 * change: a source whose class files all exist and are at least as new as the change is not
 * compiled again; the index takes in the class files as they are.
 */
final class CompiledElsewhere {

  private final ClassIndex index;
  private final Path outputDirectory;

  CompiledElsewhere(ClassIndex index, Path outputDirectory) {
    this.index = index;
    this.outputDirectory = outputDirectory;
  }

  /**
   * Whether every class file of the source (those the index knows, and new ones in its package
   * directory naming it as their source) exists and was written at or after {@code notBefore}.
   * A source without class files is never fresh.
   */
  boolean isFresh(String source, FileTime notBefore) throws IOException {
    Map<String, Path> files = classFiles(source);
    if (files.isEmpty()) {
      return false;
    }
    for (Path file : files.values()) {
      Optional<FileTime> modified = modified(file);
      if (modified.isEmpty() || modified.get().compareTo(notBefore) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads the source's class files into the index, returning those rewritten since the index
   * last saw them (a later modification time), added or gone.
   */
  List<ClassChange> takeIn(String source) throws IOException {
    List<ClassChange> changes = new ArrayList<>();
    for (Map.Entry<String, Path> e : classFiles(source).entrySet()) {
      Optional<ClassIndex.Entry> known = index.get(e.getKey());
      Optional<FileTime> modified = modified(e.getValue());
      if (modified.isEmpty()) {
        known.ifPresent(k -> changes.add(new ClassChange(e.getValue(), k.file(), null)));
        index.remove(e.getKey());
      } else if (known.isEmpty() || !known.get().modified().equals(modified.get())) {
        ClassFile now = ClassFile.read(e.getValue());
        changes.add(new ClassChange(e.getValue(), known.map(ClassIndex.Entry::file).orElse(null),
            now));
        index.put(now, source, modified.get());
      }
    }
    return changes;
  }

  /** Modification time of the newest class file of a source. */
  FileTime newest(String source) throws IOException {
    FileTime newest = FileTime.fromMillis(0);
    for (Path file : classFiles(source).values()) {
      Optional<FileTime> modified = modified(file);
      if (modified.isPresent() && modified.get().compareTo(newest) > 0) {
        newest = modified.get();
      }
    }
    return newest;
  }

  private Map<String, Path> classFiles(String source) throws IOException {
    Map<String, Path> files = new HashMap<>();
    for (String name : index.classesOf(source)) {
      files.put(name, index.fileOf(name));
    }
    int slash = source.lastIndexOf('/');
    Path dir = slash < 0 ? outputDirectory : outputDirectory.resolve(source.substring(0, slash));
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> list = Files.list(dir)) {
      for (Path file : (Iterable<Path>) list.filter(ClassIndex::isClassFile)::iterator) {
        String relative = SourceFiles.slashes(outputDirectory.relativize(file));
        String name = relative.substring(0, relative.length() - ".class".length());
        if (!files.containsKey(name) && index.get(name).isEmpty()
            && source.equals(ClassIndex.javaSource(ClassFile.read(file)))) {
          files.put(name, file);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return files;
  }

  private static Optional<FileTime> modified(Path file) throws IOException {
    try {
      return Optional.of(Files.getLastModifiedTime(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
