package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.plan.FileCopy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Links judged by where they resolve, through the links on their way (real links). */
class SymlinkCheckTest {

  @TempDir Path tmp;
  private Path src;

  @BeforeEach
  void source() throws IOException {
    src = Files.createDirectories(tmp.resolve("module/api"));
    Files.createDirectories(src.resolve("static/img"));
    Files.writeString(src.resolve("app.py"), "x");
  }

  @Test
  void aChainThatNormalisesInsideButResolvesOutsideIsRefused() throws IOException {
    Files.createSymbolicLink(src.resolve("l2"), Path.of("."));
    Path l1 = Files.createSymbolicLink(src.resolve("l1"), Path.of("l2/l2/../.."));

    Optional<String> refusal = SymlinkCheck.refusal(l1, src);

    assertEquals(Optional.of(l1 + ": symlink to 'l2/l2/../..' resolves outside " + src
        + " (its target is followed through the links on its way, as the container will); not"
        + " copied, and removed from the container"), refusal);
    assertEquals(Optional.empty(), SymlinkCheck.refusal(src.resolve("l2"), src), "l2 -> . stays");
  }

  @Test
  void stepsAboveTheSourceAreRefusedEvenWhenTheyComeBack() throws IOException {
    Path back = Files.createSymbolicLink(src.resolve("back"), Path.of("../api/app.py"));

    assertTrue(SymlinkCheck.refusal(back, src).isPresent(),
        "in a container whose destination is /srv/www, ../api/app.py is /srv/api/app.py");
  }

  @Test
  void linksThroughLinksThatStayInsideAreCopied() throws IOException {
    Files.createSymbolicLink(src.resolve("static/up"), Path.of(".."));
    Path viaUp = Files.createSymbolicLink(src.resolve("static/img/app"), Path.of("../up/app.py"));
    Path dangling = Files.createSymbolicLink(src.resolve("later"), Path.of("static/not/yet"));
    Path sibling = Files.createSymbolicLink(src.resolve("static/img/logo"), Path.of("../../app.py"));

    assertEquals(Optional.empty(), SymlinkCheck.refusal(viaUp, src));
    assertEquals(Optional.empty(), SymlinkCheck.refusal(dangling, src));
    assertEquals(Optional.empty(), SymlinkCheck.refusal(sibling, src));
  }

  @Test
  void absoluteTargetsLoopsAndAbsoluteHopsAreRefused() throws IOException {
    Path absolute = Files.createSymbolicLink(src.resolve("abs"), src.resolve("app.py"));
    Files.createSymbolicLink(src.resolve("a"), Path.of("b"));
    Path loop = Files.createSymbolicLink(src.resolve("b"), Path.of("a"));
    Path hop = Files.createSymbolicLink(src.resolve("hop"), Path.of("abs"));

    assertTrue(SymlinkCheck.refusal(absolute, src).orElseThrow().contains("is absolute"));
    assertTrue(SymlinkCheck.refusal(loop, src).orElseThrow().contains("more than 40 links"));
    assertTrue(SymlinkCheck.refusal(hop, src).orElseThrow().contains("leads through "
        + src.resolve("abs")));
  }

  @Test
  void theTarStreamerRefusesTheChainAndHasItRemovedInstead() throws IOException {
    Path l2 = Files.createSymbolicLink(src.resolve("l2"), Path.of("."));
    Path l1 = Files.createSymbolicLink(src.resolve("l1"), Path.of("l2/l2/../.."));
    List<FileCopy> copies = List.of(new FileCopy(l2, src, "/app/api/l2"),
        new FileCopy(l1, src, "/app/api/l1"));

    TarStreamer.Result result = TarStreamer.write(copies, new ByteArrayOutputStream());

    assertEquals(List.of(copies.get(0)), result.written());
    assertEquals(List.of("/app/api/l1"), TarStreamer.refusedSymlinks(copies));
  }
}
