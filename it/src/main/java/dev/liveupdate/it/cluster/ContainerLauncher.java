package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The podman side of a pod: its sandbox, pulling each container's image as
 * {@code imagePullPolicy} says, and {@code podman run} with Kubernetes semantics for
 * command/args/env/workingDir.
 *
 * <p>Pod networking as on a cluster: each pod gets a sandbox, a small infra container on podman's
 * bridge network ({@value #NETWORK}) that holds the pod's network namespace and IP; every
 * container of the pod joins it. So two replicas can both listen on 8080, the host reaches each
 * at {@code podIP:port}, containers of one pod talk over localhost, and a restarted container
 * keeps the pod's IP.
 */
final class ContainerLauncher {
  /** podman's default bridge network (CNI or netavark); rootful podman reaches its addresses from the host. */
  static final String NETWORK = "podman";

  /** The sandbox image: busybox, sleeping; built locally once per machine. */
  static final String PAUSE_IMAGE = "localhost/liveupdate/pause:1";

  private final String doubleId;

  ContainerLauncher(String doubleId) {
    this.doubleId = doubleId;
  }

  /** {@code lu-<double id>-<namespace>-<pod>-<container>}: recognisable in {@code podman ps}. */
  String name(PodRecord pod, PodRecord.ContainerRecord container) {
    return "lu-" + doubleId + "-" + pod.namespace + "-" + pod.name + "-" + container.name;
  }

  /** {@code lu-<double id>-<namespace>-<pod>_infra} (no Kubernetes name has an underscore). */
  String sandboxName(PodRecord pod) {
    return "lu-" + doubleId + "-" + pod.namespace + "-" + pod.name + "_infra";
  }

  /** Starts the pod's sandbox (replacing any of that name) and returns the pod's IP. */
  String runSandbox(PodRecord pod) {
    ensurePauseImage();
    String name = sandboxName(pod);
    Podman.tryRun(List.of("rm", "-f", "-t", "0", "--ignore", "--depend", name), null);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--pull=never", "--name", name,
        "--label", Podman.LABEL + "=" + doubleId,
        "--label", "liveupdate.pod=" + pod.key(),
        "--label", "liveupdate.sandbox=true",
        "--hostname", pod.name,
        "--network", NETWORK));
    args.addAll(Podman.RUN_LIMITS);
    args.addAll(List.of(PAUSE_IMAGE, "sleep", "infinity"));
    Podman.run(args);
    JsonNode inspect = Json.parse(Podman.run("inspect", "--type", "container", "--format", "json", name)
        .getBytes(StandardCharsets.UTF_8)).path(0).path("NetworkSettings");
    String ip = inspect.path("Networks").path(NETWORK).path("IPAddress").asText(inspect.path("IPAddress").asText(""));
    if (ip.isEmpty()) {
      throw new IllegalStateException("the sandbox " + name + " got no IP on podman network " + NETWORK + ": "
          + inspect);
    }
    return ip;
  }

  /** Pulls (insecurely: the only registry is on loopback) unless policy and local presence say not to; returns the imageID. */
  String pull(PodRecord.ContainerRecord container) {
    String image = container.image();
    String policy = container.spec.path("imagePullPolicy").asText("IfNotPresent");
    boolean present = Podman.tryRun(List.of("image", "exists", image), null).exitCode() == 0;
    if (policy.equals("Always") || (!present && !policy.equals("Never"))) {
      Podman.run("pull", "--quiet", "--tls-verify=false", image);
    }
    String digest = Podman.run("image", "inspect", "--format", "{{.Digest}}", image).strip();
    String repository = image.contains("@") ? image.substring(0, image.indexOf('@'))
        : image.replaceFirst(":[^:/]+$", "");
    return repository + "@" + digest;
  }

  /** Replaces any container of that name with a new one in the pod's sandbox; returns its id. */
  String run(PodRecord pod, PodRecord.ContainerRecord container) {
    String name = name(pod, container);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--pull=never", "--name", name,
        "--label", Podman.LABEL + "=" + doubleId,
        "--label", "liveupdate.pod=" + pod.key(),
        "--label", "liveupdate.container=" + container.name,
        "--hostname", pod.name,
        "--network", "container:" + sandboxName(pod)));
    args.addAll(Podman.RUN_LIMITS);
    String workingDir = container.spec.path("workingDir").asText("");
    if (!workingDir.isEmpty()) {
      args.addAll(List.of("--workdir", workingDir));
    }
    for (JsonNode env : container.spec.path("env")) {
      if (env.has("value")) {
        args.addAll(List.of("--env", env.path("name").asText() + "=" + env.path("value").asText()));
      }
    }
    List<String> command = container.list("command");
    if (!command.isEmpty()) {
      // like Kubernetes: command replaces ENTRYPOINT and drops the image's CMD
      args.addAll(List.of("--entrypoint", Json.string(Json.MAPPER.valueToTree(command))));
    }
    args.add(container.image());
    args.addAll(container.list("args"));
    Podman.tryRun(List.of("rm", "-f", "-t", "0", name), null);
    return Podman.run(args).strip();
  }

  /** Removes the pod's sandbox and every container in it, running or not. */
  void remove(PodRecord pod) {
    List<String> args = new ArrayList<>(List.of("rm", "-f", "-t", "0", "--ignore", "--depend"));
    for (PodRecord.ContainerRecord container : pod.containers) {
      args.add(name(pod, container));
    }
    args.add(sandboxName(pod));
    Podman.tryRun(args, null);
  }

  /** Imports {@link #PAUSE_IMAGE} into podman's local storage unless it is there already. */
  private static synchronized void ensurePauseImage() {
    if (Podman.tryRun(List.of("image", "exists", PAUSE_IMAGE), null).exitCode() == 0) {
      return;
    }
    try {
      Path tar = Files.createTempFile("liveupdate-pause", ".tar");
      try {
        try (OutputStream out = Files.newOutputStream(tar); RootfsTar rootfs = new RootfsTar(out)) {
          rootfs.file("bin/busybox", RootfsTar.BUSYBOX, 0755);
          rootfs.symlink("bin/sleep", "busybox");
        }
        Podman.run("import", "--change", "CMD=[\"sleep\",\"infinity\"]", tar.toString(), PAUSE_IMAGE);
      } finally {
        Files.deleteIfExists(tar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the pod sandbox image " + PAUSE_IMAGE, e);
    }
  }
}
