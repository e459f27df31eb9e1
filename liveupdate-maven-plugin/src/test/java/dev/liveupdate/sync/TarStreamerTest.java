package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.plan.FileCopy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarStreamerTest {

  @TempDir Path src;

  @Test
  void writesContentModeAndUnicodeNamesUnderContainerPaths() throws IOException {
    Path script = Files.writeString(src.resolve("run me.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Path unicode = Files.writeString(src.resolve("Grüße ✓.txt"), "hallo");

    List<TarArchiveEntry> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    TarStreamer.Result result = roundTrip(List.of(
        new FileCopy(script, src, "/app/api/run me.sh"),
        new FileCopy(unicode, src, "/app/api/Grüße ✓.txt")), entries, contents);

    assertEquals(2, result.written().size());
    assertEquals("app/api/run me.sh", entries.get(0).getName());
    assertEquals(0750, entries.get(0).getMode() & 07777);
    assertTrue(entries.get(0).isFile());
    assertEquals("app/api/Grüße ✓.txt", entries.get(1).getName());
    assertArrayEquals("hallo".getBytes(StandardCharsets.UTF_8), contents.get(1));
  }

  @Test
  void relativeLinkInsideSourceIsCopiedAsLinkOthersAreRefused() throws IOException {
    Files.writeString(src.resolve("real.txt"), "x");
    Path inside = Files.createSymbolicLink(src.resolve("inside"), Path.of("real.txt"));
    Path outside = Files.createSymbolicLink(src.resolve("outside"), Path.of("../../etc/passwd"));
    Path absolute = Files.createSymbolicLink(src.resolve("absolute"), src.resolve("real.txt"));

    List<TarArchiveEntry> entries = new ArrayList<>();
    TarStreamer.Result result = roundTrip(List.of(new FileCopy(inside, src, "/app/inside"),
        new FileCopy(outside, src, "/app/outside"), new FileCopy(absolute, src, "/app/absolute")),
        entries, new ArrayList<>());

    assertEquals(1, entries.size());
    assertTrue(entries.get(0).isSymbolicLink());
    assertEquals("real.txt", entries.get(0).getLinkName());
    assertEquals(2, result.skipped().size());
  }

  @Test
  void fileDeletedBeforeSendingIsSkippedNotFatal() throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    TarStreamer.Result result = roundTrip(
        List.of(new FileCopy(src.resolve("gone.txt"), src, "/app/gone.txt")), entries,
        new ArrayList<>());

    assertEquals(0, entries.size());
    assertTrue(result.skipped().get(0).contains("deleted before it could be sent"));
  }

  @Test
  void refusesNamesThatCouldEscape() {
    assertThrows(IllegalArgumentException.class, () -> TarStreamer.entryName("/app/../etc/x"));
    assertThrows(IllegalArgumentException.class, () -> TarStreamer.entryName("app/x"));
    assertThrows(IllegalArgumentException.class, () -> TarStreamer.entryName("/app//x"));
    assertEquals("app/x", TarStreamer.entryName("/app/x"));
  }

  @Test
  void streamIsPaddedToWholeRecordsSoATarWithoutStdinEofStillEnds() throws IOException {
    Path f = Files.writeString(src.resolve("a.txt"), "a");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarStreamer.write(List.of(new FileCopy(f, src, "/app/a.txt")), out);

    assertEquals(0, out.size() % 10240);
  }

  private static TarStreamer.Result roundTrip(List<FileCopy> copies, List<TarArchiveEntry> entries,
      List<byte[]> contents) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarStreamer.Result result = TarStreamer.write(copies, out);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()), "UTF-8")) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.add(entry);
        contents.add(in.readAllBytes());
      }
    }
    return result;
  }
}
