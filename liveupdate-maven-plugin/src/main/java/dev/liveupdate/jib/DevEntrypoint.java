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
 *      --child-java-tool-options "-javaagent:/opt/liveupdate/liveupdate-supervisor.jar [DevTools options]"
 *      --ready-timeout 150s -- &lt;Jib's entrypoint&gt;
 * </pre>
 *
 * <p>The app's JVM (only it: the supervisor appends the option to the child's
 * {@code JAVA_TOOL_OPTIONS}) loads the hot-swap agent, and, when {@code spring-boot-devtools} is
 * on its runtime class path, gets {@link #DEVTOOLS_OPTIONS}, so DevTools restarts on the
 * supervisor's trigger. A jlink'd runtime needs the {@code java.instrument} module for the agent;
 * without it the JVM does not start.
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

  /** Loads the hot-swap agent (L0) in the app's JVM: the supervisor jar is also the agent. */
  public static final String AGENT_OPTION = "-javaagent:" + DIRECTORY + "/" + SUPERVISOR_JAR;
  /**
   * Has Spring Boot DevTools restart on the supervisor's trigger (L1); the same as the
   * supervisor's {@code Control.devToolsJavaToolOptions("/opt/liveupdate/control")}, written out
   * because Jib loads this class without the supervisor jar.
   */
  public static final String DEVTOOLS_OPTIONS = "-Dspring.devtools.restart.trigger-file=liveupdate-trigger"
      + " -Dspring.devtools.restart.additional-paths=" + DIRECTORY + "/control/devtools"
      + " -Dspring.devtools.restart.poll-interval=200ms -Dspring.devtools.restart.quiet-period=50ms"
      + " -Dspring.devtools.livereload.enabled=false";
  /** The supervisor's option whose value it appends to the app's {@code JAVA_TOOL_OPTIONS}. */
  public static final String CHILD_OPTIONS = "--child-java-tool-options";

  private DevEntrypoint() {}

  /** The supervisor's command without DevTools, up to and including {@link #SEPARATOR}. */
  public static List<String> prefix() {
    return prefix(false);
  }

  /**
   * The supervisor's command, up to and including {@link #SEPARATOR}: the app's JVM gets the
   * hot-swap agent, and with {@code devTools} the DevTools restart options.
   */
  public static List<String> prefix(boolean devTools) {
    List<String> command = head();
    command.add(CHILD_OPTIONS);
    command.add(devTools ? AGENT_OPTION + " " + DEVTOOLS_OPTIONS : AGENT_OPTION);
    command.add("--ready-timeout");
    command.add(READY_TIMEOUT);
    command.add(SEPARATOR);
    return command;
  }

  private static List<String> head() {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(SUPERVISOR_JVM_FLAGS);
    command.add("-cp");
    command.add(DIRECTORY + "/" + SUPERVISOR_JAR);
    command.add(SUPERVISOR_MAIN);
    return command;
  }

  /** {@code original} run by the supervisor, without DevTools: {@link #wrap(List, boolean)}. */
  public static List<String> wrap(List<String> original) {
    return wrap(original, false);
  }

  /**
   * {@code original} run by the supervisor. An entrypoint already wrapped is returned as it is,
   * so wrapping twice (an image built from a dev image) changes nothing.
   *
   * @param devTools whether {@code spring-boot-devtools} is on the app's runtime class path
   * @throws IllegalArgumentException if {@code original} is null or empty: see {@link #INHERITED}
   */
  public static List<String> wrap(List<String> original, boolean devTools) {
    if (original == null || original.isEmpty()) {
      throw new IllegalArgumentException(INHERITED);
    }
    if (isWrapped(original)) {
      return List.copyOf(original);
    }
    List<String> wrapped = prefix(devTools);
    wrapped.addAll(original);
    return List.copyOf(wrapped);
  }

  /** Whether {@code entrypoint} starts with the supervisor's command. */
  public static boolean isWrapped(List<String> entrypoint) {
    List<String> head = head();
    return entrypoint != null && entrypoint.size() > head.size()
        && entrypoint.subList(0, head.size()).equals(head);
  }
}
