package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing script's output, as written by hand and as printed by real GNU and busybox tools. */
class ContainerListingTest {

  private static final String HELLO =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // "hello"
  private static final String BUSYBOX = "/bin/busybox";

  @TempDir Path tmp;

  @Test
  void readsDirectoriesFilesExecutablesAndLinks() {
    SortedMap<String, TreeEntry> tree = ContainerListing.parse(List.of(
        "@root /app/api",
        "@directories", "/app/api", "/app/api/static files",
        "@files", HELLO + "  /app/api/app.py", HELLO + "  /app/api/static files/a b.txt",
        "@executables", "/app/api/app.py",
        "@symlinks", "/app/api/current", "static files",
        "@absent /app/web",
        "@end"));

    assertEquals(Map.of(
        "/app/api", TreeEntry.directory(),
        "/app/api/static files", TreeEntry.directory(),
        "/app/api/app.py", TreeEntry.file(HELLO, true),
        "/app/api/static files/a b.txt", TreeEntry.file(HELLO, false),
        "/app/api/current", TreeEntry.symlink("static files")), tree);
  }

  @Test
  void readsGnuEscapedNamesAndBusyboxRawOnes() {
    SortedMap<String, TreeEntry> tree = ContainerListing.parse(List.of(
        "@root /app", "@directories", "/app",
        "@files", "\\" + HELLO + "  /app/back\\\\slash", HELLO + "  /app/raw\\name",
        "@executables", "@symlinks", "@end"));

    assertEquals(TreeEntry.file(HELLO, false), tree.get("/app/back\\slash"));
    assertEquals(TreeEntry.file(HELLO, false), tree.get("/app/raw\\name"));
  }

  @Test
  void refusesOutputCutShortOrOfAnotherShape() {
    assertThrows(IllegalArgumentException.class,
        () -> ContainerListing.parse(List.of("@root /app", "@directories", "/app")));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> ContainerListing.parse(List.of("@root /app", "@directories", "/etc", "@end")));
    assertTrue(outside.getMessage().contains("'/etc'"), outside.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ContainerListing.parse(
        List.of("@root /app", "@files", "not a hash  /app/x", "@end")));
  }

  @Test
  void listsOnlyTheOutermostDestinations() {
    assertEquals(List.of("/app", "/srv"),
        ContainerListing.outermost(List.of("/app", "/app/api", "/srv", "/app")));
    assertEquals(List.of("/app/api", "/app/apis"),
        ContainerListing.outermost(List.of("/app/api", "/app/apis")));
  }

  @Test
  void scriptReadsARealTreeWithTheSystemTools() throws Exception {
    Path root = sampleTree();
    assertListing(root, run(List.of("sh"), root));
  }

  @Test
  void scriptReadsARealTreeWithBusybox() throws Exception {
    assertTrue(Files.isExecutable(Path.of(BUSYBOX)),
        BUSYBOX + " is missing: apt-get install -y busybox-static");
    Path root = sampleTree();
    assertListing(root, run(List.of(BUSYBOX, "sh"), root, BUSYBOX));
  }

  @Test
  void scriptRefusesANameWithALineBreak() throws Exception {
    Path root = sampleTree();
    Files.writeString(root.resolve("static files/two\nlines"), "x");
    Process process = start(List.of("sh"), List.of(root.toString(), tmp.resolve("absent").toString()),
        null);
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(ContainerListing.LINE_BREAK_EXIT, process.waitFor());
    assertTrue(stderr.contains("names with a line break below " + root), stderr);
    assertEquals("", stdout);
  }

  private Path sampleTree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("app/api"));
    Files.writeString(root.resolve("app.py"), "hello");
    Path tool = Files.writeString(root.resolve("run me.sh"), "hello");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("static files/empty"));
    Files.writeString(root.resolve("static files/back\\slash ü.txt"), "hello");
    Files.createSymbolicLink(root.resolve("static files/link"), Path.of("../app.py"));
    return root;
  }

  private static void assertListing(Path root, List<String> output) {
    String r = root.toString();
    assertEquals(Map.of(
        r, TreeEntry.directory(),
        r + "/static files", TreeEntry.directory(),
        r + "/static files/empty", TreeEntry.directory(),
        r + "/app.py", TreeEntry.file(HELLO, false),
        r + "/run me.sh", TreeEntry.file(HELLO, true),
        r + "/static files/back\\slash ü.txt", TreeEntry.file(HELLO, false),
        r + "/static files/link", TreeEntry.symlink("../app.py")),
        ContainerListing.parse(output), String.join("\n", output));
  }

  /** Runs the script on {@code root} and a missing directory; with busybox, only its applets. */
  private List<String> run(List<String> shell, Path root, String... busybox) throws Exception {
    Path bin = null;
    if (busybox.length > 0) {
      bin = Files.createDirectories(tmp.resolve("bin"));
      for (String applet : List.of("find", "sha256sum", "readlink", "sh")) {
        // wrappers, not links: nothing in the temporary folder points outside it
        Path wrapper = Files.writeString(bin.resolve(applet),
            "#!" + busybox[0] + " sh\nexec " + busybox[0] + " " + applet + " \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Process process = start(shell, List.of(root.toString(), tmp.resolve("absent").toString()), bin);
    List<String> lines = new ArrayList<>(List.of(new String(process.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).split("\n")));
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), stderr);
    assertTrue(lines.contains("@absent " + tmp.resolve("absent")), String.join("\n", lines));
    return lines;
  }

  private static Process start(List<String> shell, List<String> roots, Path pathOnly)
      throws IOException {
    List<String> command = new ArrayList<>(shell);
    command.addAll(ContainerListing.command(roots).subList(1, ContainerListing.command(roots).size()));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (pathOnly != null) {
      builder.environment().put("PATH", pathOnly.toString());
    }
    return builder.start();
  }
}
