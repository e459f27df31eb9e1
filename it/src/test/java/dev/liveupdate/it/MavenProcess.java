package dev.liveupdate.it;

import static org.awaitility.Awaitility.await;

import dev.liveupdate.it.cluster.KnownSecrets;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code mvn} process on a sample project, as a user starts it: its output is kept line by
 * line, with the time each line arrived (and copied to a log file beside the project) so tests can
 * wait for what it prints.
 *
 * <p>Every line is checked for the secrets the run was given ({@link KnownSecrets}: the test
 * double's token, what the kubeconfig and settings files of the run carry): a line holding one,
 * whole or in part, is kept and logged redacted, and {@link #close()} fails the test naming the
 * lines and what they leaked. No IT can print a secret silently.
 */
public final class MavenProcess implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final List<String> leaks = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private final Path logFile;

  private MavenProcess(Process process, Path logFile) {
    this.process = process;
    this.logFile = logFile;
    this.reader = new Thread(this::readOutput, "mvn-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mvn -B -o <args>} in {@code project} with the Maven running this build. */
  public static MavenProcess start(Path project, String... args) throws IOException {
    return start(project, true, args);
  }

  /**
   * Starts {@code mvn -B <args>} without {@code -o}, for goals that refuse offline mode
   * ({@code jib:build} will not push to a registry offline); what is already in the local
   * repository is not downloaded again.
   */
  public static MavenProcess startOnline(Path project, String... args) throws IOException {
    return start(project, false, args);
  }

  /**
   * As {@link #start(Path, String...)}; {@code offline} false leaves out {@code -o}, for goals that
   * refuse to run offline (jib-maven-plugin will not push to a registry in offline mode).
   */
  public static MavenProcess start(Path project, boolean offline, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(mavenExecutable().toString());
    command.add("-B");
    if (offline) {
      command.add("-o");
    }
    // the local repository of the build running the tests, and its read-only tail if it has one
    for (String property : List.of("maven.repo.local", "maven.repo.local.tail")) {
      String value = System.getProperty(property);
      if (value != null && !value.isBlank()) {
        command.add("-D" + property + "=" + value);
      }
    }
    command.addAll(List.of(args));
    registerSecrets(List.of(args));
    // Next to the project, not in it: the plugin watches the project.
    Path log = project.resolveSibling(project.getFileName() + "-mvn.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true);
    builder.environment().remove("MAVEN_OPTS");
    return new MavenProcess(builder.start(), log);
  }

  /**
   * Starts {@code mvn liveupdate:dev} on {@code project} against a kubeconfig, and waits until it
   * watches {@code target} ({@code deployment/api}, {@code pods -l app=api}).
   */
  public static MavenProcess startDev(Path project, Path kubeconfig, String target,
      String... extraArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("liveupdate:dev",
        "-Dliveupdate.kubeconfig=" + kubeconfig));
    args.addAll(List.of(extraArgs));
    MavenProcess mvn = start(project, args.toArray(String[]::new));
    try {
      mvn.awaitLine("Watching .* for " + java.util.regex.Pattern.quote(target), 0,
          Duration.ofSeconds(90));
    } catch (AssertionError | InterruptedException e) {
      mvn.close();
      throw e;
    }
    return mvn;
  }

  /** The kubeconfig and settings files a run is given (and the user's settings) hold secrets. */
  private static void registerSecrets(List<String> args) {
    Path userSettings = Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
    if (Files.isRegularFile(userSettings)) {
      KnownSecrets.registerSettings(userSettings);
    }
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("-Dliveupdate.kubeconfig=")) {
        Path kubeconfig = Path.of(arg.substring("-Dliveupdate.kubeconfig=".length()));
        if (Files.isRegularFile(kubeconfig)) {
          KnownSecrets.registerKubeconfig(kubeconfig);
        }
      } else if (List.of("-s", "--settings", "-gs", "--global-settings").contains(arg)
          && i + 1 < args.size() && Files.isRegularFile(Path.of(args.get(i + 1)))) {
        KnownSecrets.registerSettings(Path.of(args.get(i + 1)));
      }
    }
  }

  static Path mavenExecutable() {
    String home = System.getProperty("maven.home");
    if (home == null || home.isBlank()) {
      throw new IllegalStateException("system property maven.home is not set: run the tests "
          + "through Maven (./mvnw install), whose failsafe configuration passes it");
    }
    Path mvn = Path.of(home, "bin", "mvn");
    if (!Files.isExecutable(mvn)) {
      throw new IllegalStateException("no executable mvn at " + mvn);
    }
    return mvn;
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        List<String> leaked = KnownSecrets.leaksIn(line);
        if (!leaked.isEmpty()) {
          leaks.add("line " + (lines.size() + 1) + " holds " + String.join(", ", leaked));
          line = KnownSecrets.redact(line);
        }
        arrivals.add(System.nanoTime());
        lines.add(line);
        out.write(line);
        out.newLine();
        out.flush();
      }
    } catch (IOException e) {
      lines.add("[mvn-output reader stopped: " + e + "]");
    }
  }

  /** Waits for a line matching {@code regex} at or after line {@code from}; returns its index. */
  public int awaitLine(String regex, int from, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    return awaitLine(line -> pattern.matcher(line).find(), from, timeout, regex);
  }

  public int awaitLine(Predicate<String> match, int from, Duration timeout, String what)
      throws InterruptedException {
    int[] found = {-1};
    try {
      await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
          .pollInSameThread().until(() -> {
            for (int i = from; i < lines.size(); i++) {
              if (match.test(lines.get(i))) {
                found[0] = i;
                return true;
              }
            }
            return !process.isAlive() && !reader.isAlive(); // no line will come: said below
          });
    } catch (ConditionTimeoutException e) {
      // said below, with the output
    }
    if (found[0] >= 0) {
      return found[0];
    }
    throw new AssertionError("no line matching '" + what + "' within " + timeout.toSeconds()
        + " s (mvn " + (process.isAlive() ? "still running" : "exited " + process.exitValue())
        + "); output:\n" + tail(60));
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public int lineCount() {
    return lines.size();
  }

  /** When line {@code index} arrived, on {@link System#nanoTime()}'s clock. */
  public long arrivalNanos(int index) {
    return arrivals.get(index);
  }

  public String tail(int n) {
    List<String> all = lines();
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }

  long pid() {
    return process.pid();
  }

  /** Writes {@code text} to the process's standard input, as typed at a terminal. */
  public void type(String text) throws IOException {
    var stdin = process.getOutputStream();
    stdin.write(text.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Sends a signal by name (INT, TERM) to the Maven JVM, as a terminal or kill would. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Waits for the process to end; returns its exit status, or throws if it did not end in time. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("mvn did not exit within " + timeout.toSeconds() + " s; output:\n"
          + tail(40));
    }
    reader.join(2_000);
    return process.exitValue();
  }

  /**
   * Stops mvn if it still runs, then fails if it printed a secret (the lines are named, the
   * secrets not).
   */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    reader.join(2_000);
    if (!leaks.isEmpty()) {
      throw new AssertionError("mvn printed secrets it was given (redacted in " + logFile
          + "):\n  " + String.join("\n  ", leaks));
    }
  }
}
