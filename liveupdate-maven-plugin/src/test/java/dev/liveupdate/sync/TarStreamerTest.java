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
    assertEquals(List.of("/app/outside", "/app/absolute"), TarStreamer.refusedSymlinks(List.of(
        new FileCopy(inside, src, "/app/inside"), new FileCopy(outside, src, "/app/outside"),
        new FileCopy(absolute, src, "/app/absolute"))), "removed from the container instead");
  }

  @Test
  void fileBelowWhatIsNoLongerAFolderIsSkippedNotFatal() throws IOException {
    Path wasFolder = Files.writeString(src.resolve("was-folder"), "a file now");
    Path real = Files.writeString(src.resolve("real.txt"), "r");
    List<TarArchiveEntry> entries = new ArrayList<>();

    TarStreamer.Result result = roundTrip(List.of(
        new FileCopy(wasFolder.resolve("inner.txt"), src, "/app/was-folder/inner.txt"),
        new FileCopy(real, src, "/app/real.txt")), entries, new ArrayList<>());

    assertEquals(List.of("app/real.txt"), entries.stream().map(TarArchiveEntry::getName).toList());
    assertEquals(List.of(wasFolder.resolve("inner.txt")), result.gone());
    assertEquals(List.of(), result.skipped());
  }

  @Test
  void fileDeletedBeforeSendingIsSkippedNotFatal() throws IOException {
    List<TarArchiveEntry> entries = new ArrayList<>();
    TarStreamer.Result result = roundTrip(
        List.of(new FileCopy(src.resolve("gone.txt"), src, "/app/gone.txt")), entries,
        new ArrayList<>());

    assertEquals(0, entries.size());
    assertEquals(List.of(src.resolve("gone.txt")), result.gone());
    assertEquals(List.of(), result.skipped());
  }

  @Test
  void fileRewrittenWhileItIsSentStillMakesAWholeTarOfTheSizeItHadWhenItStarted()
      throws IOException {
    byte[] first = new byte[200_000];
    java.util.Arrays.fill(first, (byte) 'a');
    Path grows = Files.write(src.resolve("grows.bin"), first);
    Path shrinks = Files.write(src.resolve("shrinks.bin"), first);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    // The editor saves while the tar is on its way: one file grows, the other is cut short.
    java.io.OutputStream racing = new java.io.FilterOutputStream(sent) {
      boolean grown;
      boolean shrunk;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!grown && sent.size() > 1024) {
          grown = true;
          Files.write(grows, new byte[400_000]);
        }
        if (!shrunk && sent.size() > 210_000) { // inside the second entry's content
          shrunk = true;
          Files.write(shrinks, new byte[10]);
        }
        sent.write(b, off, len);
      }
    };

    TarStreamer.write(List.of(new FileCopy(grows, src, "/app/grows.bin"),
        new FileCopy(shrinks, src, "/app/shrinks.bin")), racing);

    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(sent.toByteArray()))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
        assertEquals(e.getSize(), tar.readAllBytes().length, "whole entry for " + e.getName());
      }
    }
    assertEquals(List.of("app/grows.bin", "app/shrinks.bin"),
        entries.stream().map(TarArchiveEntry::getName).toList());
    assertEquals(200_000, entries.get(0).getSize(), "cut at the size it had: the write is an event"
        + " of its own, and the next update sends the rest");
    assertEquals(200_000, entries.get(1).getSize(), "padded to the size it had when it started");
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
