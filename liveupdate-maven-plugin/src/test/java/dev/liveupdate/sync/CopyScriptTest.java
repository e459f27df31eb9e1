package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The copy script run for real, by dash (with GNU tools) and by busybox: the paths to delete as
 * {@link ContainerUpdater} encodes them, then an empty tar. A name with a line break is removed
 * whole and never split into two paths.
 */
class CopyScriptTest {

  private static final String BUSYBOX = "/bin/busybox";

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"dash", "busybox"})
  void aNameWithALineBreakIsRemovedWholeAndNeverSplit(String shell) throws Exception {
    // "<tmp>/api/x⏎<tmp>/victim.txt": read line by line, that is "<tmp>/api/x" and a real file
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "keep me");
    Path odd = Files.createDirectories(Path.of(tmp + "/api/x\n" + tmp));
    Path oddFile = Files.writeString(odd.resolve("victim.txt"), "delete me");
    Path backslash = Files.writeString(
        Files.createDirectories(tmp.resolve("api")).resolve("back\\slash\\n"), "delete me");
    Path plain = Files.writeString(tmp.resolve("api/plain"), "delete me");

    Result result = run(shell, List.of(oddFile.toString(), backslash.toString(),
        plain.toString(), tmp.resolve("api/never there").toString()), true);

    assertEquals(0, result.exit(), result.stderr());
    assertFalse(Files.exists(oddFile), "the name with a line break is removed");
    assertTrue(Files.exists(odd), "and nothing else: its folder stays");
    assertEquals("keep me", Files.readString(victim), "the split path is never removed");
    assertFalse(Files.exists(backslash));
    assertFalse(Files.exists(plain));
  }

  /** With dash only: Debian's busybox-static shell runs its own tar applet whatever the PATH. */
  @Test
  void withoutTarNothingIsRemovedAndTheExitSaysSo() throws Exception {
    Path plain = Files.writeString(tmp.resolve("plain"), "kept");

    Result result = run("dash", List.of(plain.toString()), false);

    assertEquals(ContainerUpdater.NO_TAR_EXIT, result.exit());
    assertTrue(result.stderr().contains("no tar"), result.stderr());
    assertTrue(Files.exists(plain));
  }

  private record Result(int exit, String stderr) {}

  /**
   * Runs the copy script with only {@code sh}, {@code rm} (and {@code tar}) on the PATH, feeding
   * it the encoded deletions and an empty tar, which extracts nothing.
   */
  private Result run(String shell, List<String> deletes, boolean withTar) throws Exception {
    assertTrue(Files.isExecutable(Path.of(BUSYBOX)),
        BUSYBOX + " is missing: apt-get install -y busybox-static");
    Path bin = Files.createDirectories(tmp.resolve("bin-" + shell + "-" + withTar));
    List<String> tools = new ArrayList<>(List.of("sh", "rm"));
    if (withTar) {
      tools.add("tar");
    }
    for (String tool : tools) {
      String exec = shell.equals("busybox") ? BUSYBOX + " " + tool
          : tool.equals("sh") ? "/usr/bin/dash" : "/usr/bin/" + tool;
      Path wrapper = Files.writeString(bin.resolve(tool), "#!/usr/bin/dash\nexec " + exec
          + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    List<String> command = shell.equals("busybox") ? new ArrayList<>(List.of(BUSYBOX, "sh"))
        : new ArrayList<>(List.of("/usr/bin/dash"));
    command.addAll(List.of("-c", ContainerUpdater.COPY_SCRIPT));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("PATH", bin.toString());
    Process process = builder.start();
    try (OutputStream stdin = process.getOutputStream()) {
      StringBuilder header = new StringBuilder();
      deletes.forEach(path -> header.append(ContainerUpdater.encode(path)).append('\n'));
      stdin.write(header.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream emptyTar = new ByteArrayOutputStream();
      TarStreamer.write(List.of(), emptyTar);
      stdin.write(emptyTar.toByteArray());
    } catch (IOException closedEarly) {
      // the script may end before reading everything (no tar): its exit says why
    }
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    return new Result(process.exitValue(), stderr);
  }
}
