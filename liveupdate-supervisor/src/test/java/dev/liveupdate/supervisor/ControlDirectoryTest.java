package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlDirectoryTest {

  @TempDir Path dir;

  @Test
  void takesWellNamedRequestsAndLeavesEverythingElse() throws Exception {
    ControlDirectory control = new ControlDirectory(dir.resolve("control"));
    control.create();
    for (String name : List.of("a-1.restart", "B_2.restart", ".c.restart", "d.e.restart", "f.result", "g.restart.tmp")) {
      Files.write(control.dir.resolve(name), new byte[0]);
    }

    Files.writeString(control.dir.resolve("h.hotswap"), "demo.A /app/classes/demo/A.class\n");
    Files.write(control.dir.resolve("i.devtools"), new byte[0]);

    List<String> ids = control.take(Supervisor.KINDS).stream().map(r -> r.id + r.kind.suffix).sorted()
        .collect(Collectors.toList());

    assertEquals(List.of("B_2.restart", "a-1.restart", "i.devtools"), ids);
    assertEquals(List.of(".c.restart", "d.e.restart", "f.result", "g.restart.tmp", "h.hotswap"), names(control.dir),
        "hot-swaps are the agent's");
    assertEquals(List.of(), control.take(Supervisor.KINDS), "a request is taken once");
    List<ControlDirectory.Request> swaps = control.take(EnumSet.of(ControlDirectory.Kind.HOTSWAP));
    assertEquals(1, swaps.size());
    assertEquals("demo.A /app/classes/demo/A.class\n", new String(swaps.get(0).content, StandardCharsets.UTF_8));
    assertEquals(List.of(".c.restart", "d.e.restart", "f.result", "g.restart.tmp"), names(control.dir));
  }

  @Test
  void writesOneLineResultsAndPrunesUncollectedOnes() throws Exception {
    ControlDirectory control = new ControlDirectory(dir);
    Path old = dir.resolve("old.result");
    Files.writeString(old, "ok 1 long ago\n");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(ControlDirectory.KEEP_RESULTS).minusSeconds(1)));

    control.writeResult("r1", new Result(Result.OK, 812, "restarted app in 812 ms:\nline two"));

    assertEquals("ok 812 restarted app in 812 ms: line two\n", Files.readString(dir.resolve("r1.result")));
    assertFalse(Files.exists(old));
    assertEquals(List.of("r1.result"), names(dir), "no temporary file left");
  }

  @Test
  void dropsStaleRequestsAndProvesTheDirectoryWritable() throws Exception {
    ControlDirectory control = new ControlDirectory(dir.resolve("new/control"));
    control.create();
    Files.write(control.dir.resolve("left.restart"), new byte[0]);

    assertEquals(List.of("left.restart"), control.dropStale(Supervisor.KINDS));
    assertTrue(names(control.dir).isEmpty());
  }

  private static List<String> names(Path dir) throws Exception {
    try (var entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}
