package dev.liveupdate.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link LayerFiles} puts into a layer, without a registry. */
class LayerFilesTest {

  @TempDir Path module;
  Path api;
  final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void createModule() throws IOException {
    api = Files.createDirectories(module.resolve("api"));
    write("api/app.py", "rw-r--r--");
    write("api/bin/run.sh", "rwxr-xr-x");
    write("api/cache/big.bin", "rw-r--r--");
    write("api/.git/HEAD", "rw-r--r--");
    write("api/x.log/kept.txt", "rw-r--r--");
  }

  @Test
  void keepsModesAndRealModificationTimes() throws Exception {
    Instant when = Instant.parse("2026-11-01T10:15:30Z");
    Files.setLastModifiedTime(api.resolve("app.py"), FileTime.from(when));

    Map<String, FileEntry> entries = scan(ignoring());

    assertEquals("755", entries.get("/app/api/bin/run.sh").getPermissions().toOctalString());
    assertEquals("644", entries.get("/app/api/app.py").getPermissions().toOctalString());
    assertEquals(when, entries.get("/app/api/app.py").getModificationTime());
    assertTrue(entries.containsKey("/app/api"), "the layer root is an entry: " + entries.keySet());
  }

  @Test
  void leavesOutIgnoredPathsButWalksFoldersThatOnlyMatchByName() throws Exception {
    Map<String, FileEntry> entries = scan(ignoring("api/cache/", "**/*.log"));

    assertEquals(List.of("/app/api", "/app/api/app.py", "/app/api/bin", "/app/api/bin/run.sh",
        "/app/api/x.log/kept.txt"), List.copyOf(entries.keySet()),
        "no .git, no cache/; x.log matches **/*.log but the file below it does not");
  }

  @Test
  void neverPutsTheCacheDirectoryIntoALayer() throws Exception {
    Path cache = Files.createDirectories(api.resolve("jib-cache/layers"));
    Files.writeString(cache.resolve("blob"), "cached");

    Map<String, FileEntry> entries = scanWithExcluded(ignoring(), api.resolve("jib-cache"));

    assertTrue(entries.keySet().stream().noneMatch(path -> path.contains("jib-cache")),
        entries.keySet().toString());
  }

  @Test
  void copiesLinksToFilesInsideAndSkipsLinksOutside() throws Exception {
    Path secret = Files.writeString(module.resolve("secret.txt"), "password");
    Files.createSymbolicLink(api.resolve("current.py"), Path.of("app.py"));
    Files.createSymbolicLink(api.resolve("leak.txt"), secret);
    Files.createSymbolicLink(api.resolve("binlink"), Path.of("bin"));
    Files.createSymbolicLink(api.resolve("dangling"), Path.of("nowhere"));

    Map<String, FileEntry> entries = scan(ignoring());

    assertEquals(api.resolve("current.py"), entries.get("/app/api/current.py").getSourceFile());
    assertEquals(List.of("binlink", "dangling", "leak.txt"), events.stream()
        .filter(BuildEvent.FileSkipped.class::isInstance)
        .map(event -> ((BuildEvent.FileSkipped) event).file().getFileName().toString())
        .sorted().toList(), events.toString());
    assertTrue(entries.keySet().stream().noneMatch(path -> path.contains("leak")));
  }

  @Test
  void countsFilesAndBytes() throws Exception {
    LayerFiles.Scanned scanned = LayerFiles.scan(
        new ImageLayer(api, "/app/api"), ignoring("api/cache/"), module.resolve("none"), events::add);

    assertEquals(3, scanned.files(), "app.py, bin/run.sh, x.log/kept.txt");
    assertEquals(3 * "content".length(), scanned.bytes());
    assertEquals("/app/api", scanned.layer().getName());
  }

  private Map<String, FileEntry> scan(IgnoreRules ignores) throws IOException {
    return scanWithExcluded(ignores, module.resolve("target/liveupdate/jib-cache"));
  }

  private Map<String, FileEntry> scanWithExcluded(IgnoreRules ignores, Path excluded)
      throws IOException {
    Map<String, FileEntry> entries = new TreeMap<>();
    LayerFiles.scan(new ImageLayer(api, "/app/api"), ignores, excluded, events::add)
        .layer().getEntries()
        .forEach(entry -> entries.put(entry.getExtractionPath().toString(), entry));
    return entries;
  }

  private IgnoreRules ignoring(String... patterns) {
    return IgnoreRules.of(module, module.resolve("target"), List.of(), List.of(patterns));
  }

  private void write(String relative, String mode) throws IOException {
    Path file = module.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "content");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }
}
