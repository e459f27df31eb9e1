package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Transport} of each container, chosen once per container (by its ID: a new container
 * is asked afresh) from what its execs say, never guessed from the image's name. Every container
 * starts on {@link Transport#SHELL}; when an exec says {@code sh} cannot be started (the runtime's
 * "executable file not found", exit 126 or 127) or the copy script says there is no {@code tar}
 * ({@link ContainerUpdater#NO_TAR_EXIT}), one probe exec asks for the dev image's receiver
 * ({@code java -cp} {@value Transport#JAR} {@code ListTree}, which lists nothing and prints
 * {@code @end}): when it answers, the container uses {@link Transport.Java} from then on;
 * otherwise it cannot be updated, which {@link Fallback#why} says with the fix.
 */
public final class Transports {

  /** How long the probe may take: a JVM start on a loaded node. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  /** The fix, said when neither transport can run. */
  public static final String FIX = "run the dev image (a Jib module's liveupdate:dev rolls it out: your"
      + " image plus the live-update layer, whose receiver needs only the image's java), or use a"
      + " base image with sh and tar (busybox, alpine, Debian-based images such as"
      + " eclipse-temurin; distroless and scratch images have neither)";

  /**
   * What the probe found.
   *
   * @param transport the Java transport when the receiver answered
   * @param why       when it did not: what is missing, in the user's words
   */
  public record Fallback(Optional<Transport> transport, String why) {}

  private final Cluster cluster;
  private final List<String> destinations;
  private final Map<String, Transport> chosen = new ConcurrentHashMap<>();

  /** @param destinations the sync destinations, which the Java transport confines updates to */
  public Transports(Cluster cluster, List<String> destinations) {
    this.cluster = cluster;
    this.destinations = ContainerListing.outermost(destinations);
  }

  /** The container's transport: the shell one until it was found lacking. */
  public Transport of(ContainerRef container) {
    return chosen.getOrDefault(container.containerId(), Transport.SHELL);
  }

  /**
   * After {@code transport} found {@code missing} lacking in the container: probes for the Java
   * transport, once per container, and remembers it when it answers.
   */
  public Fallback fallBack(ContainerRef container, Transport transport, String missing)
      throws InterruptedException {
    String lacking = "it has no '" + missing + "'" + (transport instanceof Transport.Shell
        ? ", which the shell transport needs (sh and tar)" : "");
    if (transport instanceof Transport.Java) {
      return new Fallback(Optional.empty(), lacking);
    }
    Transport java = new Transport.Java(destinations);
    StringBuilder out = new StringBuilder();
    ExecResult probe;
    try {
      probe = cluster.exec(container, java.listCommand(List.of()), null, line -> {
        if (!line.stderr()) {
          synchronized (out) {
            out.append(line.text());
          }
        }
      }, PROBE_TIMEOUT);
    } catch (ClusterException e) {
      return new Fallback(Optional.empty(), lacking + ", and "
          + (notFound(e.getMessage()) ? "no 'java' on its PATH for the dev image's receiver"
          : "asking for the dev image's receiver failed: " + e.getMessage()));
    }
    synchronized (out) {
      if (probe.succeeded() && out.toString().contains("@end")) {
        chosen.put(container.containerId(), java);
        return new Fallback(Optional.of(java), lacking);
      }
    }
    return new Fallback(Optional.empty(), lacking + ", and " + receiverMissing(probe));
  }

  /** Why the probe did not answer. */
  private static String receiverMissing(ExecResult probe) {
    String stderr = probe.stderrTail().replace('\n', ' ').trim();
    if (cannotStart(probe.exitCode(), stderr)) {
      return "no 'java' on its PATH for the dev image's receiver";
    }
    if (stderr.contains("Could not find or load main class")
        || stderr.contains("ClassNotFoundException")) {
      return "no " + Transport.JAR + " (the dev image's receiver): it does not run the dev image";
    }
    return "the dev image's receiver did not answer (java -cp " + Transport.JAR + " exited "
        + probe.exitCode() + (stderr.isEmpty() ? "" : ": " + stderr) + ")";
  }

  /**
   * The tool an exec of {@code transport} lacks, when its exit says so: {@code tar} from the copy
   * script ({@value ContainerUpdater#NO_TAR_EXIT}), or the transport's program when the runtime
   * could not start it.
   */
  public static Optional<String> missingTool(Transport transport, int exitCode, String stderr) {
    if (transport instanceof Transport.Shell && exitCode == ContainerUpdater.NO_TAR_EXIT
        && stderr.contains("no tar")) {
      return Optional.of("tar");
    }
    if (cannotStart(exitCode, stderr)) {
      return Optional.of(transport.program());
    }
    return Optional.empty();
  }

  /**
   * Whether an exec's program could not be started: exit 127 (podman, CRI-O, runc) or 126
   * (containerd) with the runtime's "executable file not found", or 127 with nothing said.
   */
  static boolean cannotStart(int exitCode, String stderr) {
    return (exitCode == 127 || exitCode == 126) && notFound(stderr)
        || exitCode == 127 && stderr.isBlank();
  }

  /**
   * The runtime's words when an exec's program is missing, as the exec's error or its stderr:
   * runc's {@code exec: "sh": executable file not found in $PATH}, crun's {@code executable file
   * `sh` not found in $PATH}, or a missing absolute path ({@code no such file or directory}).
   */
  public static boolean notFound(String message) {
    String text = String.valueOf(message).toLowerCase(Locale.ROOT);
    return text.contains("executable file") && text.contains("not found")
        || text.contains("no such file or directory") && text.contains("exec");
  }
}
