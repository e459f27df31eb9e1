package dev.liveupdate.javaloop;

import dev.liveupdate.compile.CompileResult;
import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.IncrementalCompiler;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.watch.ChangeBatch;
import dev.liveupdate.watch.FileWatcher;
import dev.liveupdate.watch.WatchRoot;
import dev.liveupdate.watch.WatchSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Figures, not a test: what it would cost to let compile outputs reach the sync through the file
 * watcher (target/classes a watched sync source) instead of handing them over directly. A module
 * of 20 classes is compiled warm; then one class's body is edited and compiled again, 20 times,
 * while a {@link FileWatcher} with the dev loop's default quiet period (50 ms) watches
 * {@code target/classes}. Printed: the compile, and the wait from the compile's return to the
 * watcher's batch naming the written class file (what the watcher route adds to every update).
 *
 * <p>Run: {@code java -cp <test classpath> dev.liveupdate.javaloop.CompileOutputWatchTimings
 * <empty dir>}.
 */
public final class CompileOutputWatchTimings {

  private static final int CLASSES = 20;
  private static final int EDITS = 20;

  private CompileOutputWatchTimings() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]).toAbsolutePath();
    Path sources = dir.resolve("src/main/java/app");
    Files.createDirectories(sources);
    for (int i = 0; i < CLASSES; i++) {
      Files.writeString(sources.resolve("C" + i + ".java"), source(i, "v0"));
    }
    CompilerSettings settings = CompilerSettings.defaults(dir, List.of()).withRelease("17");
    Path classes = dir.resolve("target/classes");
    List<Long> compiles = new ArrayList<>();
    List<Long> watcherWaits = new ArrayList<>();
    try (IncrementalCompiler compiler = IncrementalCompiler.open(settings)) {
      compiler.compileStale();
      IgnoreRules ignores = IgnoreRules.of(dir, dir.resolve("target"), List.of(classes), List.of());
      try (FileWatcher watcher = FileWatcher.start(WatchSpec.of(List.of(WatchRoot.directory(classes)),
          ignores), (message, cause) -> System.err.println(message))) {
        Path edited = sources.resolve("C7.java");
        for (int edit = 1; edit <= EDITS; edit++) {
          Files.writeString(edited, source(7, "v" + edit), StandardCharsets.UTF_8);
          Files.setLastModifiedTime(edited, FileTime.fromMillis(System.currentTimeMillis() + 5));
          long start = System.nanoTime();
          CompileResult result = compiler.compile(Set.of(edited), Set.of());
          long compiled = System.nanoTime();
          if (!result.success() || result.written().isEmpty()) {
            throw new IllegalStateException("compile wrote nothing: " + result);
          }
          ChangeBatch batch;
          do {
            batch = watcher.poll(Duration.ofSeconds(5));
          } while (batch != null && Collections.disjoint(batch.changed(), result.written()));
          if (batch == null) {
            throw new IllegalStateException("the watcher reported no batch for " + result.written());
          }
          long seen = System.nanoTime();
          compiles.add((compiled - start) / 1_000_000);
          watcherWaits.add((seen - compiled) / 1_000_000);
        }
      }
    }
    System.out.println("compile (ms):             " + summary(compiles));
    System.out.println("watcher after compile (ms): " + summary(watcherWaits));
  }

  private static String summary(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return "p50 " + sorted.get(sorted.size() / 2) + ", p95 "
        + sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1) + ", min " + sorted.get(0)
        + ", max " + sorted.get(sorted.size() - 1) + " " + values;
  }

  private static String source(int i, String version) {
    return "package app;\npublic class C" + i + " {\n  public static String v() { return \"" + version
        + "\" + C" + ((i + 1) % CLASSES) + ".class.getSimpleName(); }\n}\n";
  }
}
