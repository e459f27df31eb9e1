package dev.liveupdate.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code <liveUpdate><portForwards>}: each entry {@code LOCAL:REMOTE}, {@code PORT} (the
 * same port on both sides) or {@code LOCAL:NAME} (a container port's name), as Tilt's
 * {@code port_forwards}. Each problem names the entry's element.
 */
final class PortForwardReader {

  static final String ELEMENT = "<liveUpdate><portForwards><portForward>";
  // a container port name: IANA_SVC_NAME, at most 15 lowercase letters, digits and '-'
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

  private PortForwardReader() {}

  static List<PortForward> read(List<String> entries, List<String> problems) {
    List<PortForward> forwards = new ArrayList<>();
    Set<Integer> locals = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = ELEMENT + "[" + (i + 1) + "]";
      String spec = entries.get(i) == null ? "" : entries.get(i).trim();
      Optional<PortForward> forward = parse(spec, where, problems);
      if (forward.isPresent()) {
        if (!locals.add(forward.get().local())) {
          problems.add(where + " must forward a local port no other entry forwards, got "
              + Messages.quote(spec) + ": local port " + forward.get().local() + " is taken twice");
        } else {
          forwards.add(forward.get());
        }
      }
    }
    return forwards;
  }

  private static Optional<PortForward> parse(String spec, String where, List<String> problems) {
    String expected = " must be LOCAL:REMOTE (5735:5734), a port forwarded as itself (8080) or "
        + "LOCAL:NAME of a container port (5735:http), got " + Messages.quote(spec);
    if (spec.isEmpty()) {
      problems.add(where + expected);
      return Optional.empty();
    }
    String[] parts = spec.split(":", -1);
    if (parts.length > 2) {
      problems.add(where + expected);
      return Optional.empty();
    }
    OptionalInt local = port(parts[0]);
    if (local.isEmpty()) {
      problems.add(where + expected + (isNumber(parts[0])
          ? ": the local port must be 1-65535" : ""));
      return Optional.empty();
    }
    if (parts.length == 1) {
      return Optional.of(new PortForward(local.getAsInt(), local, Optional.empty(), spec));
    }
    String remote = parts[1];
    if (isNumber(remote)) {
      OptionalInt number = port(remote);
      if (number.isEmpty()) {
        problems.add(where + expected + ": the pod's port must be 1-65535");
        return Optional.empty();
      }
      return Optional.of(new PortForward(local.getAsInt(), number, Optional.empty(), spec));
    }
    if (!PORT_NAME.matcher(remote).matches() || remote.chars().noneMatch(Character::isLetter)) {
      problems.add(where + expected + ": a port name is 1-15 lowercase letters, digits and '-'");
      return Optional.empty();
    }
    return Optional.of(new PortForward(local.getAsInt(), OptionalInt.empty(),
        Optional.of(remote), spec));
  }

  private static boolean isNumber(String text) {
    return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
  }

  private static OptionalInt port(String text) {
    if (!isNumber(text) || text.length() > 5) {
      return OptionalInt.empty();
    }
    int port = Integer.parseInt(text);
    return port >= 1 && port <= 65535 ? OptionalInt.of(port) : OptionalInt.empty();
  }
}
