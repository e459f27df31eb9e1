package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the restart protocol (specified in the package documentation), in two forms
 * with the same arguments, output and exit statuses:
 * <ul>
 *   <li>{@link #SH_SCRIPT}, a POSIX {@code sh} script for images with a shell (busybox's included),
 *       run as {@link #shCommand};
 *   <li>this class's {@link #main}, for images without a shell, run as {@link #javaCommand}:
 *       {@code java -cp liveupdate-supervisor.jar dev.liveupdate.supervisor.Control restart [--wait 90s]
 *       [--control DIR] [--id ID]}.
 * </ul>
 * Either prints one line, {@code STATUS MILLIS MESSAGE}, and exits 0 when the app restarted and is
 * ready, 1 for any other result, 2 for bad arguments, 3 when no supervisor took the request, 124 when
 * the result did not come within the wait.
 */
public final class Control {

  /** The script, verbatim; its arguments are {@code ID WAIT_SECONDS [CONTROL_DIR]}. */
  public static final String SH_SCRIPT = resource("restart.sh");

  /** How long a request may wait to be taken before the client says no supervisor is there. */
  static final Duration PICKUP = Duration.ofSeconds(5);
  static final long POLL_MILLIS = 10;

  private Control() {}

  /** {@code sh -c SH_SCRIPT liveupdate-restart ID WAIT_SECONDS CONTROL_DIR}: no string is spliced into the script. */
  public static List<String> shCommand(String shell, String id, Duration wait, String controlDir) {
    return List.of(shell, "-c", SH_SCRIPT, "liveupdate-restart", id, Long.toString(wholeSeconds(wait)), controlDir);
  }

  /** {@code JAVA -cp JAR dev.liveupdate.supervisor.Control restart --id ID --wait Ns --control DIR}. */
  public static List<String> javaCommand(List<String> java, String jar, String id, Duration wait, String controlDir) {
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of("-cp", jar, Control.class.getName(), "restart", "--id", id,
        "--wait", wholeSeconds(wait) + "s", "--control", controlDir));
    return command;
  }

  private static long wholeSeconds(Duration wait) {
    return (wait.toMillis() + 999) / 1000;
  }

  public static void main(String[] args) throws InterruptedException {
    Result result;
    try {
      result = run(args);
    } catch (IllegalArgumentException e) {
      result = new Result(Result.USAGE, 0, e.getMessage()
          + "; usage: Control restart [--wait 90s] [--control DIR] [--id ID]");
    }
    System.out.println(result.line());
    System.exit(result.exitStatus());
  }

  static Result run(String[] args) throws InterruptedException {
    if (args.length == 0 || !args[0].equals("restart")) {
      throw new IllegalArgumentException("the first argument must be 'restart'");
    }
    Duration wait = Duration.ofSeconds(90);
    Path dir = Paths.get(ControlDirectory.DEFAULT);
    String id = "r" + ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36);
    for (int i = 1; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--wait": wait = Durations.parse("--wait", args[i + 1]); break;
        case "--control": dir = Paths.get(args[i + 1]); break;
        case "--id": id = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown option '" + args[i] + "'");
      }
    }
    if (!ControlDirectory.ID.matcher(id).matches()) {
      throw new IllegalArgumentException("bad request id '" + id + "': 1 to 64 of A-Z a-z 0-9 _ -");
    }
    return restart(dir, id, wait);
  }

  /** Requests a restart and waits up to {@code wait} for its result. */
  static Result restart(Path dir, String id, Duration wait) throws InterruptedException {
    long start = System.nanoTime();
    Path request = dir.resolve(id + ControlDirectory.RESTART);
    Path result = dir.resolve(id + ControlDirectory.RESULT);
    try {
      Files.deleteIfExists(result);
      Files.write(request, new byte[0]);
    } catch (IOException e) {
      return new Result(Result.UNAVAILABLE, 0, "cannot create " + request + ": is the liveupdate supervisor running? (" + e + ")");
    }
    boolean taken = false;
    while (true) {
      try {
        String line = new String(Files.readAllBytes(result), StandardCharsets.UTF_8).trim();
        Files.deleteIfExists(result);
        String[] parts = line.split(" ", 3);
        return new Result(parts[0], Long.parseLong(parts[1]), parts.length > 2 ? parts[2] : "");
      } catch (NoSuchFileException e) {
        // not yet
      } catch (IOException | RuntimeException e) {
        return new Result(Result.FAILED, Durations.millisSince(start), "cannot read " + result + ": " + e);
      }
      long elapsed = Durations.millisSince(start);
      taken = taken || !Files.exists(request);
      if (!taken && (elapsed >= PICKUP.toMillis() || elapsed >= wait.toMillis())) {
        if (withdraw(request)) {
          return new Result(Result.UNAVAILABLE, elapsed, "nobody took " + request + " within " + elapsed
              + " ms: is the liveupdate supervisor running?");
        }
        taken = true;
      }
      if (elapsed >= wait.toMillis()) {
        return new Result(Result.TIMEOUT, elapsed, "no result for restart " + id + " within " + wait.toMillis() + " ms");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** @return true when the request was still there, and so is now withdrawn */
  private static boolean withdraw(Path request) {
    Path withdrawn = request.resolveSibling("." + request.getFileName() + ".withdrawn");
    try {
      Files.move(request, withdrawn);
      Files.deleteIfExists(withdrawn);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String resource(String name) {
    try (InputStream in = Control.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the supervisor jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name + " from the supervisor jar", e);
    }
  }
}
