package dev.liveupdate.jib;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the workload to live-update by the image Jib pushes, as Tilt and Skaffold find theirs:
 * the one workload with a container running the same repository as Jib's {@code <to><image>}.
 * Tags and digests are ignored (a pod runs {@code app@sha256:…} after a rollout, {@code app:1.0}
 * before), registries are compared as {@link ImageRepository} spells them.
 */
public final class ImageTargets {

  private static final int LISTED = 8;

  private ImageTargets() {}

  /**
   * A container the cluster reports.
   *
   * @param workload  the workload it belongs to, as the user names it: {@code deployment/api}
   * @param container the container's name in the pod template
   * @param image     the image it runs, as written in the pod spec
   */
  public record Running(String workload, String container, String image) {}

  /** What {@link #match} found. */
  public sealed interface Match permits Found, NotFound {}

  /** Exactly one workload runs the image, in {@code container}. */
  public record Found(String workload, String container, String image) implements Match {}

  /** None, or more than one: {@link #message} says which, and what to configure. */
  public record NotFound(String message) implements Match {}

  /**
   * The workload whose container runs {@code jibImage}'s repository.
   *
   * @param jibImage the image Jib pushes ({@code <to><image>}, {@code -Dimage})
   * @param running  every container of the namespace; replicas of one workload may repeat
   */
  public static Match match(String jibImage, List<Running> running) {
    Optional<ImageRepository> wanted = ImageRepository.of(jibImage);
    if (wanted.isEmpty()) {
      return new NotFound("jib-maven-plugin <to><image> '" + jibImage + "' is not an image "
          + "reference, so no workload can be found by it; fix it or set <liveUpdate><target>");
    }
    Set<String> workloads = new LinkedHashSet<>();
    List<Running> matching = new ArrayList<>();
    for (Running container : running) {
      if (wanted.equals(ImageRepository.of(container.image()))
          && matching.stream().noneMatch(m -> m.workload().equals(container.workload())
              && m.container().equals(container.container()))) {
        matching.add(container);
        workloads.add(container.workload());
      }
    }
    if (matching.size() == 1) {
      Running found = matching.get(0);
      return new Found(found.workload(), found.container(), found.image());
    }
    if (matching.isEmpty()) {
      return new NotFound("no running container runs " + wanted.get() + " (jib-maven-plugin "
          + "<to><image> " + jibImage + ")" + seen(running) + "; deploy the image first, or set "
          + "<liveUpdate><target> to the workload to update");
    }
    if (workloads.size() == 1) {
      return new NotFound("several containers of " + workloads.iterator().next() + " run "
          + wanted.get() + ": " + list(matching.stream().map(Running::container).toList())
          + "; set <liveUpdate><target><container> to the one to update");
    }
    return new NotFound(workloads.size() + " workloads run " + wanted.get() + ": "
        + list(List.copyOf(workloads)) + "; set <liveUpdate><target> to the one to update");
  }

  private static String seen(List<Running> running) {
    Set<String> images = new LinkedHashSet<>();
    running.forEach(r -> images.add(r.workload() + " runs " + r.image()));
    return images.isEmpty() ? "; no container runs at all" : "; running: " + list(List.copyOf(images));
  }

  private static String list(List<String> items) {
    if (items.size() <= LISTED) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, LISTED)) + " and " + (items.size() - LISTED)
        + " more";
  }
}
