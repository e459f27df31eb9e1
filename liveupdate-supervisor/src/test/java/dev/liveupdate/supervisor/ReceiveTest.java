package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Receive} applying streams written with commons-compress to real directories. */
class ReceiveTest {

  @TempDir Path root;
  Path classes;
  Path resources;
  Path outside;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws Exception {
    classes = Files.createDirectories(root.resolve("app/classes"));
    resources = Files.createDirectories(root.resolve("app/resources"));
    outside = Files.createDirectories(root.resolve("outside"));
  }

  private int receive(UpdateStream stream, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--to", classes.toString(), "--to", resources.toString()));
    args.addAll(Arrays.asList(more));
    return Receive.run(args.toArray(String[]::new), new ByteArrayInputStream(stream.bytes()),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private List<String> errors() {
    String text = err.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  private String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void removesFirstThenWritesFilesDirectoriesAndLinksWithTheirModes() throws Exception {
    Files.writeString(Files.createDirectories(classes.resolve("demo")).resolve("Old.class"), "old");
    Files.writeString(Files.createDirectories(classes.resolve("gone/deep")).resolve("x.class"), "x");
    Files.writeString(resources.resolve("app.properties"), "before");
    Path outsideLink = Files.createSymbolicLink(classes.resolve("escape"), outside);
    String longName = "/d".repeat(60) + "/Long.class";

    int status = receive(new UpdateStream()
        .remove(classes + "/demo/Old.class").remove(classes + "/gone").remove(classes + "/never/there")
        .remove(classes + "/escape")
        .file(classes + "/demo/New.class", "new", 0644)
        .file(resources + "/app.properties", "after", 0600)
        .file(resources + "/bin/run.sh", "#!/bin/sh\n", 0755)
        .file(classes + longName, "long", 0644)
        .file(resources + "/line\nbreak.txt", "odd name", 0644)
        .directory(resources + "/static", 0750)
        .symlink(resources + "/current.sh", "bin/run.sh"));

    assertEquals(0, status, errors().toString());
    assertEquals(List.of(), errors());
    assertFalse(Files.exists(classes.resolve("demo/Old.class")));
    assertFalse(Files.exists(classes.resolve("gone")));
    assertFalse(Files.exists(outsideLink, LinkOption.NOFOLLOW_LINKS), "the link is removed, not followed");
    assertTrue(Files.isDirectory(outside), "its target stays");
    assertEquals("new", Files.readString(classes.resolve("demo/New.class")));
    assertEquals("rw-r--r--", mode(classes.resolve("demo/New.class")));
    assertEquals(1_700_000_000_000L, Files.getLastModifiedTime(classes.resolve("demo/New.class")).toMillis());
    assertEquals("after", Files.readString(resources.resolve("app.properties")));
    assertEquals("rw-------", mode(resources.resolve("app.properties")));
    assertEquals("rwxr-xr-x", mode(resources.resolve("bin/run.sh")));
    assertEquals("long", Files.readString(classes.resolve(longName.substring(1))), "a pax long name");
    assertEquals("odd name", Files.readString(resources.resolve("line\nbreak.txt")));
    assertEquals("rwxr-x---", mode(resources.resolve("static")));
    assertEquals(Path.of("bin/run.sh"), Files.readSymbolicLink(resources.resolve("current.sh")));
    try (var left = Files.walk(root)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".liveupdate-")), "no temporary file left");
    }
  }

  @Test
  void replacesWhateverStoodThereWithoutFollowingLinks() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret"), "keep");
    Files.createSymbolicLink(resources.resolve("config.txt"), secret);
    Files.writeString(Files.createDirectories(classes.resolve("was-a-dir")).resolve("inside"), "x");
    Files.writeString(classes.resolve("was-a-file"), "x");

    int status = receive(new UpdateStream()
        .file(resources + "/config.txt", "mine", 0644)
        .file(classes + "/was-a-dir", "now a file", 0644)
        .symlink(classes + "/was-a-file", "was-a-dir"));

    assertEquals(0, status, errors().toString());
    assertEquals("keep", Files.readString(secret), "the link was replaced, its target untouched");
    assertFalse(Files.isSymbolicLink(resources.resolve("config.txt")));
    assertEquals("mine", Files.readString(resources.resolve("config.txt")));
    assertEquals("now a file", Files.readString(classes.resolve("was-a-dir")));
    assertEquals(Path.of("was-a-dir"), Files.readSymbolicLink(classes.resolve("was-a-file")));
  }

  @Test
  void refusesAnythingOutsideTheDestinationsAndAppliesTheRest() throws Exception {
    Files.createSymbolicLink(classes.resolve("linked"), outside);

    int status = receive(new UpdateStream()
        .remove(outside + "/x").remove(classes.toString()).remove(classes + "/../resources")
        .file(outside + "/planted", "no", 0644)
        .file(classes + "/../../outside/dotdot", "no", 0644)
        .file(classes + "/linked/through-a-link", "no", 0644)
        .symlink(classes + "/abs", "/etc/passwd")
        .symlink(classes + "/up", "../../outside")
        .entry(classes + "/hard", TarConstants.LF_LINK, classes.toString().substring(1) + "/ok.class")
        .entry(classes + "/fifo", TarConstants.LF_FIFO, null)
        .file(classes + "/ok.class", "fine", 0644));

    assertEquals(Receive.REFUSED, status);
    String[] expected = {
        "refused to remove " + outside + "/x: not below a destination [" + classes + ", " + resources + "]",
        "refused to remove " + classes + ": not below a destination [" + classes + ", " + resources + "]",
        "refused to remove " + classes + "/../resources: not below a destination [" + classes + ", " + resources + "]",
        "refused " + outside.toString().substring(1) + "/planted: not below a destination [" + classes + ", "
            + resources + "]",
        "refused " + classes.toString().substring(1) + "/../../outside/dotdot: not below a destination [" + classes
            + ", " + resources + "]",
        "refused " + classes.toString().substring(1) + "/linked/through-a-link: " + classes
            + "/linked is a symlink in the container; not followed",
        "refused symlink " + classes.toString().substring(1) + "/abs -> /etc/passwd: its target is not inside its destination",
        "refused symlink " + classes.toString().substring(1) + "/up -> ../../outside: its target is not inside its destination",
        "refused " + classes.toString().substring(1) + "/hard: entry type '1' (only files, directories and symlinks are synced)",
        "refused " + classes.toString().substring(1) + "/fifo: entry type '6' (only files, directories and symlinks are synced)"};
    assertEquals(List.of(expected), errors());
    try (var planted = Files.list(outside)) {
      assertEquals(0, planted.count(), "nothing written outside");
    }
    assertEquals("fine", Files.readString(classes.resolve("ok.class")), "the rest of the update is applied");
    assertTrue(Files.isDirectory(resources));
  }

  @Test
  void readsGnuLongNamesToo() throws Exception {
    String longName = "/" + "n".repeat(150) + ".class";

    int status = receive(new UpdateStream(TarArchiveOutputStream.LONGFILE_GNU).file(classes + longName, "gnu", 0644));

    assertEquals(0, status, errors().toString());
    assertEquals("gnu", Files.readString(classes.resolve(longName.substring(1))));
  }

  @Test
  void readsPaxNumbersBeyondTheOctalFields() throws Exception {
    // past ustar's 11 octal digits of seconds (March 2242), so BIGNUMBER_POSIX writes a pax mtime, and
    // before 2262, where a file system's nanosecond times end
    long in2243 = 8_600_000_000_000L;

    int status = receive(new UpdateStream().file(classes + "/Future.class", "f".getBytes(StandardCharsets.UTF_8), 0644,
        in2243));

    assertEquals(0, status, errors().toString());
    assertEquals(in2243, Files.getLastModifiedTime(classes.resolve("Future.class")).toMillis());
  }

  @Test
  void aStreamCutShortIsReportedWithWhatWasApplied() throws Exception {
    byte[] whole = new UpdateStream().file(classes + "/a.class", "a", 0644).file(classes + "/b.class", "b".repeat(2000), 0644)
        .bytes();
    byte[] cut = Arrays.copyOf(whole, 1 + 512 + 512 + 512 + 100); // framing, a's header and data, b's header, part of b

    int status = Receive.run(new String[] {"--to", classes.toString()}, new ByteArrayInputStream(cut),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(Receive.REFUSED, status);
    assertEquals(List.of("the update stream could not be read: the tar stream ends inside an entry's data (0 removal(s),"
        + " 1 entr(ies) written before that)"), errors());
    assertEquals("a", Files.readString(classes.resolve("a.class")));
    assertFalse(Files.exists(classes.resolve("b.class")), "a half-received file never lands");
  }

  @Test
  void refusesBadArguments() throws Exception {
    int status = Receive.run(new String[] {"--to", "relative/dir"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, status);
    assertTrue(errors().get(0).startsWith("usage: a destination must be an absolute path below /, without . or .., got"
        + " 'relative/dir'"), errors().toString());
  }
}
