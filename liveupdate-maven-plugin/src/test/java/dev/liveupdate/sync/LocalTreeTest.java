package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.ignore.IgnoreRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a one-shot sync reads locally, and what it leaves out and says why (real files). */
class LocalTreeTest {

  @TempDir Path base;
  private LiveUpdateConfig config;
  private IgnoreRules ignores;

  @BeforeEach
  void module() throws IOException {
    Files.createDirectories(base.resolve("api"));
    Files.writeString(base.resolve("api/app.py"), "print('hi')");
    List<SyncRule> syncs = List.of(new SyncRule(base.resolve("api"), "/app/api"));
    config = new LiveUpdateConfig(base, base.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        syncs, List.of(), List.of(), List.of(), Duration.ofMillis(50), Duration.ofSeconds(1),
        Optional.empty());
    ignores = IgnoreRules.of(base, base.resolve("target"), List.of(base.resolve("api")),
        List.of());
  }

  @Test
  void namesWithLineBreaksAreReadAndComparedLikeAnyOther() throws IOException {
    Files.createDirectories(base.resolve("api/x\n"));
    Files.writeString(base.resolve("api/x\n/victim"), "v");
    Files.writeString(base.resolve("api/two\nlines.txt"), "x");

    LocalTree local = LocalTree.scan(config, ignores);
    Map<String, TreeEntry> container = new TreeMap<>();
    local.items().forEach((path, item) -> container.put(path, item.entry()));
    container.remove("/app/api/two\nlines.txt");
    container.put("/app/api/gone\nname", TreeEntry.file("0".repeat(64), false));

    TreeDiff diff = TreeDiff.between(config, ignores, local, container);
    assertEquals(Set.of(base.resolve("api/two\nlines.txt")), diff.batch().changed());
    assertEquals(Set.of(base.resolve("api/gone\nname")), diff.batch().deleted());
    assertTrue(local.items().containsKey("/app/api/x\n/victim"));
    assertEquals(List.of(), local.skipped());
  }

  @Test
  void aLinkResolvingOutsideIsLeftOutSaidWhyAndDeletedInTheContainer() throws IOException {
    Files.createSymbolicLink(base.resolve("api/l2"), Path.of("."));
    Files.createSymbolicLink(base.resolve("api/l1"), Path.of("l2/l2/../.."));

    LocalTree local = LocalTree.scan(config, ignores);
    Map<String, TreeEntry> container = new TreeMap<>();
    local.items().forEach((path, item) -> container.put(path, item.entry()));
    container.put("/app/api/l1", TreeEntry.symlink("l2/l2/../.."));

    assertEquals(Set.of("/app/api", "/app/api/app.py", "/app/api/l2"), local.items().keySet());
    assertEquals(1, local.skipped().size());
    assertTrue(local.skipped().get(0).startsWith(base.resolve("api/l1") + ": symlink to"
        + " 'l2/l2/../..' resolves outside"), local.skipped().get(0));
    TreeDiff diff = TreeDiff.between(config, ignores, local, container);
    assertEquals(Set.of(base.resolve("api/l1")), diff.batch().deleted());
    assertEquals(0, diff.copied(), "a refused link is not counted as copied");
    TreeDiff again = TreeDiff.between(config, ignores, local, withoutLink(container));
    assertTrue(again.isEmpty(), "the next sync finds nothing to do: " + again);
  }

  @Test
  void aPathTooLongToReadIsLeftOutSaidWhyAndKeptInTheContainer() throws Exception {
    String name = "d".repeat(200);
    String deep = "mkdir -p api/deep && cd api/deep && for i in $(seq 22); do mkdir " + name
        + " && cd -P " + name + "; done && echo x > file";
    try {
      Process mkdir = new ProcessBuilder("sh", "-c", deep).directory(base.toFile())
          .redirectErrorStream(true).start();
      String output = new String(mkdir.getInputStream().readAllBytes());
      assertTrue(mkdir.waitFor(30, TimeUnit.SECONDS) && mkdir.exitValue() == 0, output);

      LocalTree local = LocalTree.scan(config, ignores);

      assertEquals(1, local.skipped().size(), local.skipped().toString());
      String why = local.skipped().get(0);
      assertTrue(why.startsWith("api/deep/" + name + "/"), why);
      assertTrue(why.endsWith(" cannot be read, so it is neither synced nor deleted in the"
          + " container: File name too long"), why);
      String unread = local.unread().iterator().next();
      Map<String, TreeEntry> container = new TreeMap<>();
      local.items().forEach((path, item) -> container.put(path, item.entry()));
      container.put(unread, TreeEntry.directory());
      container.put(unread + "/kept", TreeEntry.file("0".repeat(64), false));
      assertTrue(TreeDiff.between(config, ignores, local, container).isEmpty());
    } finally {
      // too deep for the JDK's own deletion of the temporary folder
      new ProcessBuilder("rm", "-rf", "api/deep").directory(base.toFile()).start().waitFor();
    }
  }

  private static Map<String, TreeEntry> withoutLink(Map<String, TreeEntry> container) {
    Map<String, TreeEntry> without = new TreeMap<>(container);
    without.remove("/app/api/l1");
    return without;
  }
}
