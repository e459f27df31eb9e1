package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The supervisor jar's {@code ListTree}, which images without a shell run instead of
 * {@link ContainerListing#SCRIPT}, prints what the script prints: both outputs, from real
 * processes on the same tree, parse to the same entries.
 */
class ListTreeParityTest {

  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  static final String LIST_TREE = "dev.liveupdate.supervisor.ListTree";

  @TempDir Path tmp;

  @Test
  void listsWhatTheScriptLists() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("app/classes"));
    Files.writeString(Files.createDirectories(root.resolve("com/example")).resolve("App.class"), "hello");
    Path tool = Files.writeString(root.resolve("run me.sh"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
    Files.createDirectories(root.resolve("static files/empty"));
    Files.writeString(root.resolve("static files/back\\slash ü.txt"), "x".repeat(100_000));
    Files.createSymbolicLink(root.resolve("static files/link"), Path.of("../run me.sh"));
    Files.createSymbolicLink(root.resolve("to-dir"), Path.of("com"));
    Path linkedRoot = Files.createSymbolicLink(tmp.resolve("linked-root"), root);
    List<String> roots = List.of(root.toString(), tmp.resolve("absent").toString(), linkedRoot.toString());

    Run script = run(shellCommand(roots));
    Run java = run(listTreeCommand(roots));

    assertEquals(0, script.status, script.stderr);
    assertEquals(0, java.status, java.stderr);
    assertEquals(ContainerListing.parse(script.lines), ContainerListing.parse(java.lines),
        "script:\n" + String.join("\n", script.lines) + "\nListTree:\n" + String.join("\n", java.lines));
    assertTrue(java.lines.contains("@absent " + tmp.resolve("absent")), String.join("\n", java.lines));
  }

  @Test
  void refusesANameWithALineBreakAsTheScriptDoes() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("app/resources"));
    Files.writeString(root.resolve("two\nlines"), "x");

    Run script = run(shellCommand(List.of(root.toString())));
    Run java = run(listTreeCommand(List.of(root.toString())));

    assertEquals(ContainerListing.LINE_BREAK_EXIT, script.status);
    assertEquals(ContainerListing.LINE_BREAK_EXIT, java.status);
    assertEquals(List.of(""), java.lines);
    assertTrue(java.stderr.startsWith("names with a line break below " + root + " cannot be compared; rename them:"),
        java.stderr);
  }

  private static List<String> shellCommand(List<String> roots) {
    List<String> command = new ArrayList<>(List.of("/bin/sh"));
    command.addAll(ContainerListing.command(roots).subList(1, ContainerListing.command(roots).size()));
    return command;
  }

  private static List<String> listTreeCommand(List<String> roots) throws Exception {
    Class<?> listTree = Class.forName(LIST_TREE);
    String location = Path.of(listTree.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = new ArrayList<>(List.of(JAVA, "-cp", location, LIST_TREE));
    command.addAll(roots);
    return command;
  }

  private record Run(int status, List<String> lines, String stderr) {}

  private Run run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
    return new Run(process.exitValue(), List.of(Files.readString(out, StandardCharsets.UTF_8).split("\n")),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
