package dev.liveupdate.supervisor;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The supervisor's command line, read once; see {@link Supervisor} for what each option does. */
final class SupervisorOptions {

  static final String USAGE =
      "usage: java -cp liveupdate-supervisor.jar dev.liveupdate.supervisor.Supervisor [options] -- COMMAND [ARG...]\n"
          + "  --control DIR                     control directory (default " + ControlDirectory.DEFAULT + ")\n"
          + "  --grace DURATION                  time the app has to stop after SIGTERM before SIGKILL (default 10s)\n"
          + "  --ready-timeout DURATION          how long a restarted app has to become ready (default 60s)\n"
          + "  --ready-ports auto|none|PORT,...  ready means listening on these TCP ports; auto: those the previous\n"
          + "                                    app listened on, outside the ephemeral range (default auto)\n"
          + "  --poll DURATION                   look for requests every DURATION instead of watching the directory\n"
          + "  --child-java-tool-options OPTS    appended to JAVA_TOOL_OPTIONS in the app's environment only\n"
          + "DURATION: 250ms, 10s, 2m (a bare number is seconds)";

  final Path control;
  final Duration grace;
  final Duration readyTimeout;
  /** Empty: auto. Present and empty: none (ready once started). */
  final Optional<Set<Integer>> readyPorts;
  /** Empty: watch the directory. */
  final Optional<Duration> poll;
  final Optional<String> childJavaToolOptions;
  final List<String> command;

  private SupervisorOptions(Path control, Duration grace, Duration readyTimeout,
      Optional<Set<Integer>> readyPorts, Optional<Duration> poll, Optional<String> childJavaToolOptions,
      List<String> command) {
    this.control = control;
    this.grace = grace;
    this.readyTimeout = readyTimeout;
    this.readyPorts = readyPorts;
    this.poll = poll;
    this.childJavaToolOptions = childJavaToolOptions;
    this.command = command;
  }

  /** @throws IllegalArgumentException with a one-line message naming the offending option */
  static SupervisorOptions parse(String[] args) {
    Path control = Paths.get(ControlDirectory.DEFAULT);
    Duration grace = Duration.ofSeconds(10);
    Duration readyTimeout = Duration.ofSeconds(60);
    Optional<Set<Integer>> readyPorts = Optional.empty();
    Optional<Duration> poll = Optional.empty();
    Optional<String> childJavaToolOptions = Optional.empty();
    int i = 0;
    for (; i < args.length && !args[i].equals("--"); i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("the app's command must follow '--', got '" + arg + "'");
      }
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      String value;
      if (arg.contains("=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (i + 1 < args.length && !args[i + 1].equals("--")) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException(name + " needs a value");
      }
      switch (name) {
        case "--control": control = Paths.get(value); break;
        case "--grace": grace = Durations.parse(name, value); break;
        case "--ready-timeout": readyTimeout = Durations.parse(name, value); break;
        case "--ready-ports": readyPorts = readyPorts(value); break;
        case "--poll": poll = Optional.of(positive(name, Durations.parse(name, value), value)); break;
        case "--child-java-tool-options": childJavaToolOptions = Optional.of(value); break;
        default: throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    if (i >= args.length - 1) {
      throw new IllegalArgumentException("the app's command must follow '--'");
    }
    List<String> command = new ArrayList<>();
    for (i++; i < args.length; i++) {
      command.add(args[i]);
    }
    return new SupervisorOptions(control, grace, readyTimeout, readyPorts, poll, childJavaToolOptions,
        Collections.unmodifiableList(command));
  }

  private static Duration positive(String option, Duration duration, String value) {
    if (duration.isZero()) {
      throw new IllegalArgumentException(option + " must be more than 0, got '" + value + "'");
    }
    return duration;
  }

  private static Optional<Set<Integer>> readyPorts(String value) {
    if (value.equals("auto")) {
      return Optional.empty();
    }
    Set<Integer> ports = new TreeSet<>();
    if (value.equals("none")) {
      return Optional.of(ports);
    }
    for (String part : value.split(",", -1)) {
      int port;
      try {
        port = Integer.parseInt(part.trim());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(
            "--ready-ports must be auto, none or TCP ports such as 8080,8081, got '" + value + "'");
      }
      ports.add(port);
    }
    return Optional.of(Collections.unmodifiableSet(ports));
  }
}
