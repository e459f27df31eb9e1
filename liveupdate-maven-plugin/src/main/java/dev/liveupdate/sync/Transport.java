package dev.liveupdate.sync;

import dev.liveupdate.jib.DevEntrypoint;
import dev.liveupdate.supervisor.UpdateFraming;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the files of an update reach one container and how its tree is listed: the same exec shape
 * either way (one exec per update: the removals, then a tar, on stdin; the restart asked in the same
 * exec; one exec per listing), through one of two programs in the container.
 * <ul>
 *   <li>{@link Shell}: {@code sh} with {@code tar} ({@link ContainerUpdater#COPY_SCRIPT},
 *       {@link RestartAfterCopy}, {@link ContainerListing}); what busybox, alpine, Debian and most
 *       language images have.
 *   <li>{@link Java}: the dev image's receiver, {@code dev.liveupdate.supervisor.Receive} and
 *       {@code ListTree} in {@value #JAR}, run by the image's {@code java} (found on the image's
 *       {@code PATH}, as the dev image's own entrypoint finds it), for JVM images without a shell or
 *       {@code tar} (distroless Java, jlink'd runtimes). Same semantics: deletes, modes, symlinks
 *       refused, nothing written outside the destinations; it costs a JVM start per exec.
 * </ul>
 * {@link Transports} chooses one per container.
 */
public sealed interface Transport permits Transport.Shell, Transport.Java {

  /** The receiver's jar in the dev image. */
  String JAR = DevEntrypoint.DIRECTORY + "/" + DevEntrypoint.SUPERVISOR_JAR;

  /** The transport of every container until it says it lacks {@code sh} or {@code tar}. */
  Transport SHELL = new Shell();

  /** The exec's argument vector for an update, with the app's restart after it when asked. */
  List<String> copyCommand(Optional<RestartAfterCopy> restart);

  /** Writes the paths to remove, ahead of the tar, in the framing the command reads. */
  void writeRemovals(List<String> paths, OutputStream stdin) throws IOException;

  /** The exec's argument vector listing what is below {@code roots}, for {@link ContainerListing#parse}. */
  List<String> listCommand(List<String> roots);

  /** The program the exec starts ({@code sh}, {@code java}): what is missing when it cannot start. */
  String program();

  /** {@code sh} and {@code tar}: see {@link ContainerUpdater#COPY_SCRIPT}. */
  record Shell() implements Transport {
    @Override
    public List<String> copyCommand(Optional<RestartAfterCopy> restart) {
      return restart.map(r -> r.command(ContainerUpdater.COPY_SCRIPT))
          .orElse(List.of("sh", "-c", ContainerUpdater.COPY_SCRIPT));
    }

    @Override
    public void writeRemovals(List<String> paths, OutputStream stdin) throws IOException {
      StringBuilder lines = new StringBuilder();
      for (String path : paths) {
        lines.append(ContainerUpdater.encode(path)).append('\n');
      }
      stdin.write(lines.append('\n').toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> listCommand(List<String> roots) {
      return ContainerListing.command(roots);
    }

    @Override
    public String program() {
      return "sh";
    }
  }

  /**
   * The dev image's receiver.
   *
   * @param destinations the outermost sync destinations: {@code Receive} writes and removes below
   *                     them only, and refuses (exit 65) anything else
   */
  record Java(List<String> destinations) implements Transport {
    /** A short-lived JVM that starts fast and stays small; the tar is streamed, never held. */
    static final List<String> JVM = List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-XX:-UsePerfData", "-Xshare:auto", "-Xmx64m", "-cp", JAR);

    public Java {
      destinations = List.copyOf(destinations);
    }

    @Override
    public List<String> copyCommand(Optional<RestartAfterCopy> restart) {
      List<String> command = new ArrayList<>(JVM);
      command.add("dev.liveupdate.supervisor.Receive");
      for (String destination : destinations) {
        command.add("--to");
        command.add(destination);
      }
      restart.ifPresent(r -> command.addAll(List.of("--then", "restart", "--id", r.id(), "--wait",
          RestartAfterCopy.WAIT.toSeconds() + "s", "--control", RestartAfterCopy.CONTROL_DIR)));
      return List.copyOf(command);
    }

    @Override
    public void writeRemovals(List<String> paths, OutputStream stdin) throws IOException {
      UpdateFraming.writeRemovals(paths, stdin);
    }

    @Override
    public List<String> listCommand(List<String> roots) {
      List<String> command = new ArrayList<>(JVM);
      command.add("dev.liveupdate.supervisor.ListTree");
      command.addAll(roots);
      return List.copyOf(command);
    }

    @Override
    public String program() {
      return "java";
    }
  }
}
