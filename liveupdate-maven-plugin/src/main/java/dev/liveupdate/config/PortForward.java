package dev.liveupdate.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code <portForwards><portForward>} entry: a local port on 127.0.0.1 forwarded to a port of
 * a Ready pod of the target, given by number or by the name of a container port
 * ({@code 5735:5734}, {@code 8080}, {@code 5735:http}).
 *
 * @param local      the local port, 1–65535
 * @param remote     the pod's port by number, or empty when {@code remoteName} names it
 * @param remoteName the name of a container port of the target container, or empty
 * @param spec       the entry as written, for messages
 */
public record PortForward(int local, OptionalInt remote, Optional<String> remoteName,
    String spec) {

  /** {@code 5734} or {@code http}: the pod side as written. */
  public String remoteSide() {
    return remote.isPresent() ? Integer.toString(remote.getAsInt()) : remoteName.orElseThrow();
  }
}
