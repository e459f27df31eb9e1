package dev.liveupdate.it.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Follows {@code podman events} for the double's containers and calls back on every container
 * event (start, died, remove...), so pod statuses change within milliseconds of a container exit.
 */
final class PodmanEvents implements AutoCloseable {
  private final Process process;
  private final Thread reader;

  PodmanEvents(String doubleId, Runnable onEvent) {
    try {
      process = new ProcessBuilder(Podman.command(
              "events", "--filter", "label=" + Podman.LABEL + "=" + doubleId, "--format", "json"))
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot follow podman events", e);
    }
    reader = new Thread(() -> read(onEvent), "double-podman-events");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(Runnable onEvent) {
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      while (lines.readLine() != null) {
        onEvent.run();
      }
    } catch (IOException closed) {
      // the process was stopped
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
