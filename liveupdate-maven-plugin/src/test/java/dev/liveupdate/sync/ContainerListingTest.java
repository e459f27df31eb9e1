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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing script's output, as written by hand and as printed by real GNU and busybox tools,
 * for names and link targets that hold line breaks, backslashes and text shaped like the listing.
 */
class ContainerListingTest {

  private static final String HELLO =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"; // "hello"
  private static final String STALE =
      "a4df3bec10ab3ba9d6d6c7a0e1a0e4bd9d5ce1b36e4b5a5e0d2b5e3e2ec2b69e";
  private static final String BUSYBOX = "/bin/busybox";

  @TempDir Path tmp;

  @Test
  void readsDirectoriesFilesExecutablesAndLinks() {
    SortedMap<String, TreeEntry> tree = new TreeMap<>(Map.of(
        "/app/api", TreeEntry.directory(),
        "/app/api/static files", TreeEntry.directory(),
        "/app/api/app.py", TreeEntry.file(HELLO, true),
        "/app/api/static files/a b.txt", TreeEntry.file(HELLO, false),
        "/app/api/current", TreeEntry.symlink("static files")));

    String output = String.join("\n", new ListingOutput().root("/app/api", tree)
        .absent("/app/web").end().lines());

    assertEquals(tree, ContainerListing.parse(output));
  }

  @Test
  void readsGnuEscapedNamesAndBusyboxRawOnes() {
    String output = new ListingOutput().records("@root", "/app", "@directories", "/app",
        "@files", "@sums", "3", "/app/back\\slash", "/app/two\nlines", "/app/raw",
        "\\" + HELLO + "  /app/back\\\\slash\n\\" + HELLO + "  /app/two\\nlines\n"
            + HELLO + "  /app/raw\n",
        "@executables", "@symlinks", "@end").text();

    SortedMap<String, TreeEntry> tree = ContainerListing.parse(output);

    assertEquals(TreeEntry.file(HELLO, false), tree.get("/app/back\\slash"));
    assertEquals(TreeEntry.file(HELLO, false), tree.get("/app/two\nlines"));
    assertEquals(TreeEntry.file(HELLO, false), tree.get("/app/raw"));
  }

  @Test
  void aLinkTargetShapedLikeTheListingIsReadAsATargetAndNothingElse() {
    String forged = "x\n@files\n" + HELLO + "  /app/api/app.py";
    String output = new ListingOutput().root("/app/api", new TreeMap<>(Map.of(
        "/app/api", TreeEntry.directory(),
        "/app/api/app.py", TreeEntry.file(STALE, false),
        "/app/api/evil", TreeEntry.symlink(forged)))).end().text();

    SortedMap<String, TreeEntry> tree = ContainerListing.parse(output);

    assertEquals(TreeEntry.file(STALE, false), tree.get("/app/api/app.py"));
    assertEquals(TreeEntry.symlink(forged), tree.get("/app/api/evil"));
    assertEquals(3, tree.size());
  }

  @Test
  void refusesOutputCutShortOrOfAnotherShape() {
    assertThrows(IllegalArgumentException.class, () -> ContainerListing.parse(
        new ListingOutput().records("@root", "/app", "@directories", "/app").text()));
    IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
        () -> ContainerListing.parse(new ListingOutput()
            .records("@root", "/app", "@directories", "/etc", "@files").text()));
    assertTrue(outside.getMessage().contains("'/etc'"), outside.getMessage());
    IllegalArgumentException wrongName = assertThrows(IllegalArgumentException.class,
        () -> ContainerListing.parse(new ListingOutput().records("@root", "/app", "@directories",
            "@files", "@sums", "1", "/app/x", HELLO + "  /app/y\n", "@executables",
            "@symlinks", "@end").text()));
    assertTrue(wrongName.getMessage().contains("does not carry /app/x"), wrongName.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ContainerListing.parse(
        "@root\0\n/app\0\n@directories\0\n/app\n@files\n@executables\n@symlinks\n@end\n"));
    assertThrows(IllegalArgumentException.class, () -> ContainerListing.parse(
        new ListingOutput().absent("/app").end().text() + "more\0\n"));
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

  /**
   * Names with a line break, a carriage return and backslashes, and a link whose target is shaped
   * like the listing and claims that {@code app.py} holds "hello" (it holds "stale").
   */
  private Path sampleTree() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("app/api"));
    Files.writeString(root.resolve("app.py"), "stale");
    Path tool = Files.writeString(root.resolve("run me.sh"), "hello");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("static files/empty"));
    Files.createDirectories(root.resolve("two\nlines/@files"));
    Files.writeString(root.resolve("two\nlines/@files/x\n" + HELLO + "  y"), "hello");
    Files.writeString(root.resolve("static files/back\\slash ü\r.txt"), "hello");
    Files.createSymbolicLink(root.resolve("static files/link"), Path.of("../app.py"));
    Files.createSymbolicLink(root.resolve("evil"),
        Path.of("x\n@files\n" + HELLO + "  " + root + "/app.py\n"));
    return root;
  }

  private static void assertListing(Path root, String output) throws IOException {
    String r = root.toString();
    Map<String, TreeEntry> expected = new TreeMap<>();
    expected.put(r, TreeEntry.directory());
    expected.put(r + "/static files", TreeEntry.directory());
    expected.put(r + "/static files/empty", TreeEntry.directory());
    expected.put(r + "/two\nlines", TreeEntry.directory());
    expected.put(r + "/two\nlines/@files", TreeEntry.directory());
    expected.put(r + "/app.py", TreeEntry.file(LocalTree.sha256(root.resolve("app.py")), false));
    expected.put(r + "/run me.sh", TreeEntry.file(HELLO, true));
    expected.put(r + "/two\nlines/@files/x\n" + HELLO + "  y", TreeEntry.file(HELLO, false));
    expected.put(r + "/static files/back\\slash ü\r.txt", TreeEntry.file(HELLO, false));
    expected.put(r + "/static files/link", TreeEntry.symlink("../app.py"));
    expected.put(r + "/evil", TreeEntry.symlink("x\n@files\n" + HELLO + "  " + r + "/app.py\n"));
    assertEquals(expected, ContainerListing.parse(output), output.replace("\0", "\\0"));
  }

  /**
   * Runs the script on {@code root} and a missing directory, and returns its output as the exec
   * delivers it (lines joined back); with busybox, only its applets are on the PATH.
   */
  private String run(List<String> shell, Path root, String... busybox) throws Exception {
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
    List<String> command = new ArrayList<>(shell);
    List<String> script = ContainerListing.command(
        List.of(root.toString(), tmp.resolve("absent").toString()));
    command.addAll(script.subList(1, script.size()));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (bin != null) {
      builder.environment().put("PATH", bin.toString());
    }
    Process process = builder.start();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), stderr);
    assertTrue(stdout.contains("@absent\0\n" + tmp.resolve("absent") + "\0\n"), stdout);
    return String.join("\n", ListingOutput.lines(stdout));
  }
}
