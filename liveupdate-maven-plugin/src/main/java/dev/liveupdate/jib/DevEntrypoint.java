package dev.liveupdate.jib;

import java.util.ArrayList;
import java.util.List;

/**
 * How the dev image starts the app: the live-update supervisor runs as PID 1 and starts, restarts
 * and stops the entrypoint Jib would have used as its child.
 *
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m
 *      -cp /opt/liveupdate/liveupdate-supervisor.jar dev.liveupdate.supervisor.Supervisor
 *      --ready-timeout 150s -- &lt;Jib's entrypoint&gt;
 * </pre>
 *
 * <p>Jib's entrypoint, for a jar module in exploded mode without {@code <container><entrypoint>},
 * is {@code java <jvmFlags> -cp <classpath> <mainClass>}, where the class path is
 * {@code @/app/jib-classpath-file} when the module targets Java 9 or later (Jib then writes the
 * class path into that file) and {@code /app/resources:/app/classes:/app/libs/*} before (with
 * {@code <extraClasspath>} in front and {@code <expandClasspathDependencies>} listing each jar).
 * A configured {@code <container><entrypoint>} replaces all of it and is wrapped as written.
 * {@code <container><args>} stay the image's {@code Cmd}, so the container runtime appends them
 * after the wrapped entrypoint, where the supervisor passes them to the child.
 */
public final class DevEntrypoint {

  /** Where the live-update layer puts its files in the container. */
  public static final String DIRECTORY = "/opt/liveupdate";
  /** The supervisor's jar, in {@link #DIRECTORY}. */
  public static final String SUPERVISOR_JAR = "liveupdate-supervisor.jar";
  /** The supervisor's main class. */
  public static final String SUPERVISOR_MAIN = "dev.liveupdate.supervisor.Supervisor";
  /** A small, fast-starting JVM for the supervisor: it only forwards signals and restarts. */
  public static final List<String> SUPERVISOR_JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m");
  /**
   * How long a restarted app has to listen again before the supervisor answers {@code notready}:
   * a Spring Boot app takes well over the supervisor's default 60 s on a loaded laptop.
   */
  public static final String READY_TIMEOUT = "150s";
  /** Separates the supervisor's own arguments from the child's command. */
  public static final String SEPARATOR = "--";

  /** Why there is nothing to wrap: the image would inherit its base image's entrypoint. */
  public static final String INHERITED = "the dev image wraps the app's entrypoint in the "
      + "live-update supervisor, but jib-maven-plugin leaves the entrypoint to the base image "
      + "(<container><entrypoint>INHERIT</entrypoint>, or a WAR on a custom base image), which "
      + "the build cannot see; write the entrypoint out in <container><entrypoint>";

  private DevEntrypoint() {}

  /** The supervisor's command, up to and including {@link #SEPARATOR}. */
  public static List<String> prefix() {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(SUPERVISOR_JVM_FLAGS);
    command.add("-cp");
    command.add(DIRECTORY + "/" + SUPERVISOR_JAR);
    command.add(SUPERVISOR_MAIN);
    command.add("--ready-timeout");
    command.add(READY_TIMEOUT);
    command.add(SEPARATOR);
    return command;
  }

  /**
   * {@code original} run by the supervisor. An entrypoint already wrapped is returned as it is,
   * so wrapping twice (an image built from a dev image) changes nothing.
   *
   * @throws IllegalArgumentException if {@code original} is null or empty: see {@link #INHERITED}
   */
  public static List<String> wrap(List<String> original) {
    if (original == null || original.isEmpty()) {
      throw new IllegalArgumentException(INHERITED);
    }
    if (isWrapped(original)) {
      return List.copyOf(original);
    }
    List<String> wrapped = prefix();
    wrapped.addAll(original);
    return List.copyOf(wrapped);
  }

  /** Whether {@code entrypoint} starts with the supervisor's command. */
  public static boolean isWrapped(List<String> entrypoint) {
    List<String> prefix = prefix();
    return entrypoint != null && entrypoint.size() > prefix.size()
        && entrypoint.subList(0, prefix.size()).equals(prefix);
  }
}
