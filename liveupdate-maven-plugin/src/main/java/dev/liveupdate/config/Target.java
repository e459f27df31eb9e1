package dev.liveupdate.config;

import java.util.Optional;

/**
 * Which containers a live update goes to: the running pods of a Deployment (or of a label
 * selector), and in each pod the named container, or the only or first one.
 *
 * <p>Exactly one of {@code deployment} and {@code selector} is present.
 */
public record Target(
    Optional<String> deployment,
    Optional<String> selector,
    Optional<String> container,
    Optional<String> namespace,
    Optional<String> context) {

  /** A short human name for messages: {@code deployment/api} or {@code pods -l app=api}. */
  public String describe() {
    return deployment.map(d -> "deployment/" + d).orElseGet(() -> "pods -l " + selector.orElse("?"));
  }
}
