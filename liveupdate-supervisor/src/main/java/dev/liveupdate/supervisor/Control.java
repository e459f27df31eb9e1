package dev.liveupdate.supervisor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the control protocol (specified in the package documentation): a restart of
 * the app's process, a Spring Boot DevTools restart in its JVM, or a hot-swap of classes by the
 * agent, in two forms with the same arguments, output and exit statuses:
 * <ul>
 *   <li>{@link #SH_SCRIPT}, a POSIX {@code sh} script for images with a shell (busybox's included),
 *       run as {@link #shCommand};
 *   <li>this class's {@link #main}, for images without a shell, run as {@link #javaCommand}:
 *       {@code java -cp liveupdate-supervisor.jar dev.liveupdate.supervisor.Control restart|devtools|hotswap
 *       [--wait 90s] [--control DIR] [--id ID]}.
 * </ul>
 * A hot-swap reads its class list ({@link HotSwapRequest}) from standard input, to its end. Either
 * form prints one line, {@code STATUS MILLIS MESSAGE}, and exits 0 when the request was served
 * ({@code ok}), 1 for any other result, 2 for bad arguments, 3 when nobody took the request (or no
 * hot-swap agent runs), 124 when the result did not come within the wait.
 */
public final class Control {

  /** The script, verbatim; run as {@code sh -c SCRIPT liveupdate-KIND ID WAIT_SECONDS [CONTROL_DIR]}. */
  public static final String SH_SCRIPT = resource("control.sh");

  /** How long a request may wait to be taken before the client says no supervisor is there. */
  static final Duration PICKUP = Duration.ofSeconds(5);
  static final long POLL_MILLIS = 10;

  private Control() {}

  /** {@code sh -c SH_SCRIPT liveupdate-restart ID WAIT_SECONDS CONTROL_DIR}: no string is spliced into the script. */
  public static List<String> shCommand(String shell, String id, Duration wait, String controlDir) {
    return shCommand(shell, "restart", id, wait, controlDir);
  }

  /**
   * {@code sh -c SH_SCRIPT liveupdate-KIND ID WAIT_SECONDS CONTROL_DIR}, KIND being {@code restart},
   * {@code devtools} or {@code hotswap} (whose class list the script reads from standard input).
   */
  public static List<String> shCommand(String shell, String kind, String id, Duration wait, String controlDir) {
    ControlDirectory.Kind.named(kind);
    return List.of(shell, "-c", SH_SCRIPT, "liveupdate-" + kind, id, Long.toString(wholeSeconds(wait)), controlDir);
  }

  /** {@code JAVA -cp JAR dev.liveupdate.supervisor.Control restart --id ID --wait Ns --control DIR}. */
  public static List<String> javaCommand(List<String> java, String jar, String id, Duration wait, String controlDir) {
    return javaCommand(java, jar, "restart", id, wait, controlDir);
  }

  /** {@code JAVA -cp JAR dev.liveupdate.supervisor.Control KIND --id ID --wait Ns --control DIR}. */
  public static List<String> javaCommand(List<String> java, String jar, String kind, String id, Duration wait,
      String controlDir) {
    ControlDirectory.Kind.named(kind);
    List<String> command = new ArrayList<>(java);
    command.addAll(List.of("-cp", jar, Control.class.getName(), kind, "--id", id,
        "--wait", wholeSeconds(wait) + "s", "--control", controlDir));
    return command;
  }

  /**
   * The system properties that point Spring Boot DevTools at the supervisor's trigger file, for the
   * app's {@code JAVA_TOOL_OPTIONS} (the supervisor's {@code --child-java-tool-options}); see the
   * package documentation, "DevTools".
   */
  public static String devToolsJavaToolOptions(String controlDir) {
    return DevToolsRestarter.javaToolOptions(controlDir);
  }

  private static long wholeSeconds(Duration wait) {
    return (wait.toMillis() + 999) / 1000;
  }

  public static void main(String[] args) throws InterruptedException, IOException {
    Result result;
    try {
      result = run(args);
    } catch (IllegalArgumentException e) {
      result = new Result(Result.USAGE, 0, e.getMessage()
          + "; usage: Control restart|devtools|hotswap [--wait 90s] [--control DIR] [--id ID]");
    }
    System.out.println(result.line());
    System.exit(result.exitStatus());
  }

  static Result run(String[] args) throws InterruptedException, IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("the first argument must be restart, devtools or hotswap");
    }
    ControlDirectory.Kind kind = ControlDirectory.Kind.named(args[0]);
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
    byte[] content = kind == ControlDirectory.Kind.HOTSWAP ? System.in.readAllBytes() : new byte[0];
    return request(dir, kind, id, wait, content);
  }

  /** Requests a restart and waits up to {@code wait} for its result. */
  static Result restart(Path dir, String id, Duration wait) throws InterruptedException {
    return request(dir, ControlDirectory.Kind.RESTART, id, wait, new byte[0]);
  }

  /**
   * Makes a request and waits up to {@code wait} for its result.
   *
   * @param content the class list of a hot-swap ({@link HotSwapRequest}); empty otherwise
   */
  static Result request(Path dir, ControlDirectory.Kind kind, String id, Duration wait, byte[] content)
      throws InterruptedException {
    long start = System.nanoTime();
    Path request = dir.resolve(id + kind.suffix);
    Path result = dir.resolve(id + ControlDirectory.RESULT);
    if (kind == ControlDirectory.Kind.HOTSWAP) {
      String noAgent = noAgent(dir);
      if (noAgent != null) {
        return new Result(Result.UNAVAILABLE, 0, noAgent);
      }
    }
    try {
      Files.deleteIfExists(result);
      if (content.length == 0) {
        Files.write(request, content);
      } else { // written whole under a hidden name, then renamed: the taker never reads half a list
        Path temporary = dir.resolve("." + id + kind.suffix + ".tmp");
        Files.write(temporary, content);
        Files.move(temporary, request, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
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
              + " ms: is the liveupdate " + (kind == ControlDirectory.Kind.HOTSWAP ? "agent" : "supervisor") + " running?");
        }
        taken = true;
      }
      if (elapsed >= wait.toMillis()) {
        return new Result(Result.TIMEOUT, elapsed, "no result for " + kind.word() + " " + id + " within "
            + wait.toMillis() + " ms");
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** Why no hot-swap agent can take a request, or null when one runs. */
  private static String noAgent(Path dir) {
    Path pidFile = dir.resolve(ControlDirectory.AGENT_PID);
    String pid;
    try {
      pid = new String(Files.readAllBytes(pidFile), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "no hot-swap agent: " + pidFile + " is missing (the app runs without"
          + " -javaagent:liveupdate-supervisor.jar, or has not started)";
    }
    boolean alive;
    try {
      alive = ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      alive = false;
    }
    return alive ? null : "no hot-swap agent: its JVM (pid " + pid + ") is gone; the app is not running";
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
