package dev.liveupdate.compile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * Whether annotation processors run when the module compiles. When they do, every compile
 * compiles the whole module ({@link IncrementalCompiler}): a processor may read many sources to
 * write one file (MapStruct, Dagger, Micronaut), and javac gives no way to know which, so a
 * partial compile could leave generated code stale. A whole-module compile in the warm JVM
 * costs about what {@code mvn compile} costs for the compile alone.
 */
final class Processors {

  static final String SERVICE = "META-INF/services/javax.annotation.processing.Processor";
  /** JDK 23 stopped running processors found on the classpath unless asked (JDK-8321314). */
  private static final int NO_DISCOVERY_FROM = 23;

  private Processors() {}

  /** Why processors run, or empty when none can. */
  static Optional<String> inPlay(CompilerSettings settings) throws IOException {
    String proc = settings.proc().orElse("");
    if (proc.equals("none")) {
      return Optional.empty();
    }
    if (!settings.processors().isEmpty()) {
      return Optional.of("annotation processors " + String.join(", ", settings.processors())
          + " run");
    }
    if (!settings.processorPath().isEmpty()) {
      return Optional.of("annotation processors run from the annotation processor path");
    }
    boolean discovers = !proc.isEmpty()
        || Runtime.version().feature() < NO_DISCOVERY_FROM;
    if (!discovers) {
      return Optional.empty();
    }
    for (Path entry : settings.classpath()) {
      if (declaresProcessor(entry)) {
        return Optional.of("annotation processors run from the classpath ("
            + entry.getFileName() + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean declaresProcessor(Path entry) throws IOException {
    if (Files.isDirectory(entry)) {
      return Files.isRegularFile(entry.resolve(SERVICE));
    }
    if (!Files.isRegularFile(entry)) {
      return false;
    }
    try (ZipFile jar = new ZipFile(entry.toFile())) {
      return jar.getEntry(SERVICE) != null;
    } catch (java.util.zip.ZipException e) {
      return false;  // not a jar: javac ignores it too
    }
  }
}
