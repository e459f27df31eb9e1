package dev.liveupdate.compile;

import dev.liveupdate.classfile.ClassFile;
import dev.liveupdate.classfile.ClassFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Moves a successful compile from its staging directory into the output directory: a class
 * file whose bytes changed is replaced (renamed over the old one, so a reader never sees half a
 * file); one with the same bytes is only touched, so it stays newer than its
 * source; the classes the compiled or deleted sources no longer produce are deleted.
 */
final class StagedOutput {

  private StagedOutput() {}

  /**
   * @param produced the classes javac wrote into {@code staging} (internal names), with the
   *     source each came from
   * @param replaced sources compiled or deleted: their classes that were not produced go
   */
  static List<ClassChange> apply(ClassIndex index, Path staging, Map<String, ClassFile> produced,
      Map<String, String> sources, Collection<String> replaced) throws IOException {
    List<ClassChange> changes = new ArrayList<>();
    FileTime now = FileTime.fromMillis(System.currentTimeMillis());
    for (Map.Entry<String, ClassFile> e : produced.entrySet()) {
      String name = e.getKey();
      Path staged = staging.resolve(name + ".class");
      Path target = index.fileOf(name);
      ClassFile before = index.get(name).map(ClassIndex.Entry::file).orElse(null);
      if (Files.isRegularFile(target)) {
        byte[] old = Files.readAllBytes(target);
        if (Arrays.equals(old, Files.readAllBytes(staged))) {
          Files.setLastModifiedTime(target, now);
          index.touched(name, now);
          continue;
        }
        if (before == null) {
          before = readOrNull(old);
        }
      }
      place(staged, target);
      changes.add(new ClassChange(target, before, e.getValue()));
      index.put(e.getValue(), sources.get(name), Files.getLastModifiedTime(target));
    }
    Set<String> gone = new TreeSet<>();
    for (String source : replaced) {
      for (String name : index.classesOf(source)) {
        if (!produced.containsKey(name)) {
          gone.add(name);
        }
      }
    }
    for (String name : gone) {
      Path target = index.fileOf(name);
      ClassFile before = index.get(name).orElseThrow().file();
      Files.deleteIfExists(target);
      index.remove(name);
      changes.add(new ClassChange(target, before, null));
    }
    return changes;
  }

  /**
   * Makes {@code target} hold what {@code staged} holds: changed and new files written,
   * files not staged deleted. For the generated sources of a whole-module compile.
   */
  static void mirror(Path staged, Path target) throws IOException {
    Set<String> keep = new TreeSet<>();
    for (Path file : files(staged)) {
      String relative = SourceFiles.slashes(staged.relativize(file));
      keep.add(relative);
      Path to = target.resolve(relative);
      if (differs(file, to)) {
        place(file, to);
      }
    }
    for (Path file : files(target)) {
      if (!keep.contains(SourceFiles.slashes(target.relativize(file)))) {
        Files.delete(file);
      }
    }
  }

  /** Copies files that processors wrote beside the classes (service files, ...) if changed. */
  static List<Path> copyOtherFiles(Path staging, Path outputDirectory) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Path file : files(staging)) {
      if (file.getFileName().toString().endsWith(".class")) {
        continue;
      }
      Path to = outputDirectory.resolve(SourceFiles.slashes(staging.relativize(file)));
      if (differs(file, to)) {
        place(file, to);
        written.add(to);
      }
    }
    return written;
  }

  /**
   * Moves a staged file over its target in one rename (the staging directory is in the build
   * directory, on the same file system), so a reader never sees half a file.
   */
  static void place(Path staged, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.copy(staged, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static boolean differs(Path a, Path b) throws IOException {
    return !Files.isRegularFile(b) || Files.size(a) != Files.size(b)
        || !Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
  }

  private static ClassFile readOrNull(byte[] bytes) {
    try {
      return ClassFile.read(bytes);
    } catch (ClassFormatException e) {
      return null;
    }
  }

  static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Empties a directory, creating it if needed. */
  static void clean(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.compareTo(a))::iterator) {
          if (!p.equals(dir)) {
            Files.delete(p);
          }
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    Files.createDirectories(dir);
  }
}
