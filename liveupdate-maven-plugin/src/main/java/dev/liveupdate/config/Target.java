package dev.liveupdate.config;

import java.util.Optional;

/**
 * Which containers a live update goes to: the running pods of a Deployment (or of a label
 * selector), and in each pod the named container, or the only or first one.
 *
 * <p>Exactly one of {@code deployment} and {@code selector} is present, or, for a Jib module
 * whose {@code <target>} names no workload, neither ({@link #byImage}): the workload is then the
 * one running the image jib-maven-plugin pushes, found once connected
 * ({@code engine.TargetCluster}), and the target is replaced by what was found before any
 * container is looked at.
 */
public record Target(
    Optional<String> deployment,
    Optional<String> selector,
    Optional<String> container,
    Optional<String> namespace,
    Optional<String> context) {

  /** A target whose workload is to be found by image, with the other elements as given. */
  public static Target byImage(Optional<String> container, Optional<String> namespace,
      Optional<String> context) {
    return new Target(Optional.empty(), Optional.empty(), container, namespace, context);
  }

  /** Whether a Deployment or a selector is named; false while it is to be found by image. */
  public boolean namesWorkload() {
    return deployment.isPresent() || selector.isPresent();
  }

  /** A short human name for messages: {@code deployment/api} or {@code pods -l app=api}. */
  public String describe() {
    if (!namesWorkload()) {
      return "the workload running jib-maven-plugin's image";
    }
    return deployment.map(d -> "deployment/" + d).orElseGet(() -> "pods -l " + selector.orElse("?"));
  }
}
