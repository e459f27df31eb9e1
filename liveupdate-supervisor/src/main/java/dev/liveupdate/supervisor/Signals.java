package dev.liveupdate.supervisor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Receiving and sending the signals the supervisor forwards: SIGTERM, SIGINT and SIGHUP.
 *
 * <p>Receiving uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JRE
 * since 9, jlink'd ones included when the module is added). Installing a handler replaces the JVM's
 * own one, which would run shutdown hooks and exit; so the supervisor decides when it exits. SIGQUIT
 * is the JVM's (thread dump) and cannot be handled; SIGKILL and SIGSTOP cannot be handled by anyone.
 * A signal already ignored when the JVM starts stays ignored (HotSpot refuses the handler), and the
 * app inherits it ignored: a background job of a non-interactive shell ignores SIGINT, for one. A
 * container's PID 1 starts with every signal at its default, so this does not arise there.
 *
 * <p>Sending is where Java falls short: {@link ProcessHandle#destroy()} sends SIGTERM and
 * {@link ProcessHandle#destroyForcibly()} SIGKILL, and nothing else can be sent without native code
 * ({@code sun.misc.Signal.raise} signals only the JVM itself). SIGINT and SIGHUP are therefore sent
 * by running a {@code kill} program (no shell) when one is on the {@code PATH} or in {@code /bin},
 * {@code /usr/bin}; without one they are sent as SIGTERM, which a JVM app treats the same way (all
 * three run its shutdown hooks and end it).
 */
final class Signals {

  static final List<String> FORWARDED = List.of("TERM", "INT", "HUP");

  private final Optional<Path> kill;

  private Signals(Optional<Path> kill) {
    this.kill = kill;
  }

  /** Finds a {@code kill} program once, at start. */
  static Signals find() {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.add("/bin");
    dirs.add("/usr/bin");
    for (String dir : dirs) {
      Path candidate = Paths.get(dir.isEmpty() ? "." : dir, "kill");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return new Signals(Optional.of(candidate));
      }
    }
    return new Signals(Optional.empty());
  }

  /** Calls {@code onSignal} with the name (TERM, INT, HUP) of each forwarded signal received. */
  static void install(Consumer<String> onSignal) {
    for (String name : FORWARDED) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal.accept(name));
    }
  }

  static int number(String name) {
    switch (name) {
      case "HUP": return 1;
      case "INT": return 2;
      case "KILL": return 9;
      default: return 15;
    }
  }

  /**
   * Sends signal {@code name} to the process.
   *
   * @return what was sent, for the log: {@code SIGINT}, or {@code SIGTERM (no kill program for SIGINT)}
   */
  String send(ProcessHandle process, String name) {
    if (name.equals("TERM")) {
      process.destroy();
      return "SIGTERM";
    }
    String notSent = kill.map(program -> run(program, name, process.pid()))
        .orElse("needs a kill program, none found");
    if (notSent.isEmpty()) {
      return "SIG" + name;
    }
    process.destroy();
    return "SIGTERM (SIG" + name + " " + notSent + ")";
  }

  /** @return empty when sent, else why not */
  private static String run(Path program, String name, long pid) {
    try {
      Process p = new ProcessBuilder(program.toString(), "-s", name, Long.toString(pid))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "not sent: " + program + " hung";
      }
      return p.exitValue() == 0 ? "" : "not sent: " + program + " exited with status " + p.exitValue();
    } catch (IOException e) {
      return "not sent: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "not sent: interrupted";
    }
  }
}
