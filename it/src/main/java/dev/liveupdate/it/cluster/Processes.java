package dev.liveupdate.it.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (jlink, ldd) to completion, its output kept for the result or the error. */
final class Processes {
  private static final long TIMEOUT_SECONDS = 300;

  private Processes() {}

  /** Exit code and the interleaved stdout and stderr of one run. */
  record Result(int exitCode, String output) {}

  /** Runs {@code command}; a non-zero exit becomes an exception naming the command and its output. */
  static String run(List<String> command) {
    Result result = tryRun(command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " exited with " + result.exitCode() + ": "
          + result.output().strip());
    }
    return result.output();
  }

  static Result tryRun(List<String> command) {
    Path output = null;
    try {
      output = Files.createTempFile("liveupdate-process", ".out");
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(output.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS
            + " s: " + Files.readString(output, StandardCharsets.UTF_8));
      }
      return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a temp file left behind is harmless; the result or the error already carries its content
        }
      }
    }
  }
}
