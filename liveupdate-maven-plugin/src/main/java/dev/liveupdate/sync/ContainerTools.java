package dev.liveupdate.sync;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.kube.PermanentClusterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that a container has what the transport runs in it: {@code sh} for every exec,
 * {@code tar} and {@code rm} for the copy ({@link ContainerUpdater#COPY_SCRIPT}), {@code find},
 * {@code sha256sum} and {@code readlink} for the listing the start-up sync and
 * {@code liveupdate:sync} compare with ({@link ContainerListing}). One exec asks the shell which
 * of them it cannot find; a container without {@code sh} fails that exec itself. A container
 * lacking any of them that has the dev image's Java receiver uses it instead ({@link Transports}).
 * Otherwise a missing tool is permanent: the message names it, which base images have them all,
 * and the dev image.
 */
public final class ContainerTools {

  /** What the scripts run besides the shell and its built-ins. */
  static final List<String> TOOLS = List.of("tar", "find", "sha256sum", "rm", "readlink");

  static final String SCRIPT = "for t in \"$@\"; do command -v \"$t\" >/dev/null 2>&1"
      + " || echo \"$t\"; done";

  /** Where to find them, said with every "missing" message. */
  static final String BASE_IMAGES = "images based on Debian or Ubuntu (python:3.12-slim,"
      + " eclipse-temurin, debian, ubuntu) and alpine or busybox images have them all;"
      + " distroless and scratch images have none. Use an image with them for development, or"
      + " add them to it (apt-get install tar findutils coreutils, apk add tar)";

  private ContainerTools() {}

  /** The argument vector of the check. */
  static List<String> command() {
    List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
    command.addAll(TOOLS);
    return command;
  }

  /** Thrown when the container lacks tools of the shell transport; they are named. */
  public static final class Lacking extends PermanentClusterException {
    private final List<String> missing;

    Lacking(String message, List<String> missing, Throwable cause) {
      super(message, cause);
      this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
      return missing;
    }
  }

  /**
   * Checks the container for the shell transport, and when it lacks a tool, for the Java one.
   *
   * @param devImageComing whether a container without either is fine for now, because the
   *                       session rolls out the dev image (which brings the Java receiver)
   * @throws PermanentClusterException naming what it lacks, and the fix
   */
  public static void check(Cluster cluster, Transports transports, ContainerRef container,
      Duration timeout, boolean devImageComing) throws ClusterException, InterruptedException {
    try {
      check(cluster, container, timeout);
    } catch (Lacking e) {
      Transports.Fallback fallback =
          transports.fallBack(container, Transport.SHELL, e.missing().get(0));
      if (fallback.transport().isEmpty() && !devImageComing) {
        throw new PermanentClusterException(e.getMessage() + "; nor has it the dev image's"
            + " receiver, which needs no shell (" + fallback.why().replaceFirst("^.*, and ", "")
            + "): " + Transports.FIX, e);
      }
    }
  }

  /**
   * Checks the container for the shell transport.
   *
   * @throws PermanentClusterException naming what it lacks
   * @throws ClusterException          if the check could not run for another reason (the
   *                                   container went away, the cluster is unreachable)
   */
  public static void check(Cluster cluster, ContainerRef container, Duration timeout)
      throws ClusterException, InterruptedException {
    List<String> missing = new ArrayList<>();
    ExecResult result;
    try {
      result = cluster.exec(container, command(), null, line -> {
        if (!line.stderr() && TOOLS.contains(line.text().trim())) {
          synchronized (missing) {
            missing.add(line.text().trim());
          }
        }
      }, timeout);
    } catch (PermanentClusterException e) {
      throw e;
    } catch (ClusterException e) {
      if (noShell(e.getMessage())) {
        throw lacking(container, List.of("sh"), e);
      }
      throw e;
    }
    if (result.exitCode() == 126 || result.exitCode() == 127) {
      // the runtime could not start sh: podman and CRI-O say so with these codes
      throw lacking(container, List.of("sh"), null);
    }
    if (!result.succeeded()) {
      throw new ClusterException("checking the tools of " + container.label() + " failed (exit "
          + result.exitCode() + ")" + (result.stderrTail().isBlank() ? ""
          : ": " + result.stderrTail().replace('\n', ' ').trim()));
    }
    synchronized (missing) {
      if (!missing.isEmpty()) {
        throw lacking(container, missing, null);
      }
    }
  }

  /** containerd and the kubelet: {@code exec: "sh": executable file not found in $PATH}. */
  static boolean noShell(String message) {
    String text = String.valueOf(message).toLowerCase(Locale.ROOT);
    return text.contains("\"sh\"") && (text.contains("not found") || text.contains("no such file"));
  }

  private static Lacking lacking(ContainerRef container, List<String> missing,
      Throwable cause) {
    List<String> all = new ArrayList<>(List.of("sh"));
    all.addAll(TOOLS);
    return new Lacking("container " + container.label() + " has no "
        + String.join(", ", missing) + ": live updates run " + String.join(", ", all)
        + " in the container; " + BASE_IMAGES, missing, cause);
  }
}
