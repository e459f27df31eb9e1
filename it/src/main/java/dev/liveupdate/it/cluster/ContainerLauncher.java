package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The podman side of a pod container: pulling its image as {@code imagePullPolicy} says, and
 * {@code podman run} with Kubernetes semantics for command/args/env/workingDir. One network
 * namespace per pod: the first container gets {@code --network none} (loopback only), the others
 * join it.
 */
final class ContainerLauncher {
  private final String doubleId;

  ContainerLauncher(String doubleId) {
    this.doubleId = doubleId;
  }

  /** {@code lu-<double id>-<namespace>-<pod>-<container>}: recognisable in {@code podman ps}. */
  String name(PodRecord pod, PodRecord.ContainerRecord container) {
    return "lu-" + doubleId + "-" + pod.namespace + "-" + pod.name + "-" + container.name;
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

  /** Replaces any container of that name with a new one; returns its id. */
  String run(PodRecord pod, PodRecord.ContainerRecord container, String joinNetworkOf) {
    String name = name(pod, container);
    List<String> args = new ArrayList<>(List.of("run", "-d", "--pull=never", "--name", name,
        "--label", Podman.LABEL + "=" + doubleId,
        "--label", "liveupdate.pod=" + pod.key(),
        "--label", "liveupdate.container=" + container.name,
        "--hostname", pod.name,
        "--network", joinNetworkOf == null ? "none" : "container:" + joinNetworkOf));
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

  /** Removes every container of the pod, running or not. */
  void remove(PodRecord pod) {
    List<String> args = new ArrayList<>(List.of("rm", "-f", "-t", "0", "--ignore"));
    for (PodRecord.ContainerRecord container : pod.containers) {
      args.add(name(pod, container));
    }
    Podman.tryRun(args, null);
  }
}
