package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an independent client (kubectl, python) as a process, with a timeout, capturing its output. */
final class Cli {
  private Cli() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }

  static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
    return run(timeout, command, null);
  }

  static Result run(Duration timeout, List<String> command, String stdin) throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(command.get(0)))) {
      throw new IllegalStateException(command.get(0) + " is needed by this test (kubectl 1.32 at /usr/bin/kubectl,"
          + " Debian's python3-kubernetes: apt-get install -y python3-kubernetes)");
    }
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().remove("KUBECONFIG");
      Process process = builder.start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(command + " did not finish within " + timeout + "; stdout: "
            + Files.readString(out) + " stderr: " + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
