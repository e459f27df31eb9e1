package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs podman the only way that works on our machines: runc, cgroupfs and explicit ulimits.
 * Arguments are always passed as a list, never through a shell.
 */
final class Podman {
  /** The label every container started by a double carries; its value is the double's id. */
  static final String LABEL = "liveupdate.double";

  static final List<String> RUN_LIMITS =
      List.of("--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096");

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  private Podman() {}

  /** The podman command line prefix: {@code podman --runtime runc --cgroup-manager=cgroupfs}. */
  static List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
    command.addAll(List.of(args));
    return command;
  }

  static List<String> command(List<String> args) {
    return command(args.toArray(String[]::new));
  }

  /** Runs podman and returns stdout; a non-zero exit becomes an exception naming stderr. */
  static String run(List<String> args) {
    Result result = tryRun(args, null);
    if (result.exitCode() != 0) {
      throw new PodmanException(
          "podman " + String.join(" ", args) + " exited with " + result.exitCode() + ": "
              + result.stderr().strip(), result);
    }
    return result.stdout();
  }

  static String run(String... args) {
    return run(List.of(args));
  }

  /** Runs podman, feeding {@code stdin} if given, and returns exit code, stdout and stderr. */
  static Result tryRun(List<String> args, byte[] stdin) {
    return tryRun(args, stdin, TIMEOUT);
  }

  /** As {@link #tryRun(List, byte[])}; a run longer than {@code timeout} is killed and fails. */
  static Result tryRun(List<String> args, byte[] stdin, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command(args));
    if (stdin == null) {
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot start podman; install it with: apt-get install -y podman runc docker-registry"
              + " busybox-static", e);
    }
    try {
      CompletableFuture<byte[]> out = drain(process.getInputStream());
      CompletableFuture<byte[]> err = drain(process.getErrorStream());
      if (stdin != null) {
        try (var in = process.getOutputStream()) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            "podman " + String.join(" ", args) + " did not finish within " + timeout.toMillis() + " ms");
      }
      return new Result(
          process.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("podman " + String.join(" ", args) + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running podman " + args, e);
    } finally {
      process.destroyForcibly();
    }
  }

  /** {@code podman ps -a} of the containers labelled with the given double id. */
  static List<JsonNode> listContainers(String doubleId) {
    String out = run("ps", "-a", "--filter", "label=" + LABEL + "=" + doubleId, "--format", "json");
    List<JsonNode> containers = new ArrayList<>();
    if (!out.isBlank()) {
      Json.parse(out.getBytes(StandardCharsets.UTF_8)).forEach(containers::add);
    }
    return containers;
  }

  /** Removes every container carrying the double's label, running or not, pod sandboxes included. */
  static void removeAll(String doubleId) {
    List<String> ids = new ArrayList<>();
    for (JsonNode container : listContainers(doubleId)) {
      ids.add(container.get("Id").asText());
    }
    if (!ids.isEmpty()) {
      // --depend: a sandbox goes with the containers that share its network namespace
      List<String> args = new ArrayList<>(List.of("rm", "-f", "-t", "0", "--ignore", "--depend"));
      args.addAll(ids);
      tryRun(args, null);
    }
  }

  /** Removes the local images pulled from or pushed to a registry ({@code 127.0.0.1:PORT}). */
  static void removeImagesOf(String registry) {
    String out = run("images", "--format", "json");
    List<String> names = new ArrayList<>();
    if (!out.isBlank()) {
      for (JsonNode image : Json.parse(out.getBytes(StandardCharsets.UTF_8))) {
        for (JsonNode name : image.path("Names")) {
          if (name.asText().startsWith(registry + "/")) {
            names.add(name.asText());
          }
        }
      }
    }
    if (!names.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rmi", "-f"));
      args.addAll(names);
      tryRun(args, null);
    }
  }

  private static CompletableFuture<byte[]> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            stream.transferTo(buffer);
            return buffer.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        runnable -> {
          Thread thread = new Thread(runnable, "podman-output");
          thread.setDaemon(true);
          thread.start();
        });
  }

  record Result(int exitCode, String stdout, String stderr) {}

  /** A podman command that failed; keeps its output for the message and for callers. */
  static final class PodmanException extends RuntimeException {
    private final transient Result result;

    PodmanException(String message, Result result) {
      super(message);
      this.result = result;
    }

    Result result() {
      return result;
    }
  }
}
