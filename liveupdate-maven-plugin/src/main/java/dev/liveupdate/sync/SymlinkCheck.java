package dev.liveupdate.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Whether a local symlink may be copied into a container as a link. It may when, resolved as the
 * container's kernel will resolve it, it never leaves its sync source. The target is walked name
 * by name from the link's folder, following the links met on the way (they are in the sync
 * source, so the container holds the same ones), and the walk must stay inside the source at
 * every step: an absolute target, a {@code ..} above the source, or more than
 * {@value #MAX_LINKS} links (a loop) refuse it. A lexical check is not enough: with
 * {@code l2 -> .} and {@code l1 -> l2/l2/../..} in {@code api}, {@code l1} normalises to
 * {@code api} itself but resolves to the parent of {@code api}'s parent; and {@code ../api/x}
 * normalises inside {@code api} but, in a container whose destination is {@code /srv/www},
 * names {@code /srv/api/x}.
 *
 * <p>A link whose walk ends at a name that does not exist (a dangling link) is copied: it stays
 * inside the destination whatever appears there later.
 */
final class SymlinkCheck {

  /** Linux's limit on links followed in one lookup (MAXSYMLINKS). */
  static final int MAX_LINKS = 40;

  private SymlinkCheck() {}

  /**
   * Why the link is not copied, or empty when it is.
   *
   * @param link   an existing symlink inside {@code source}
   * @param source the sync source it belongs to, absolute and normalised
   * @throws IOException if a link on the way cannot be read (gone meanwhile)
   */
  static Optional<String> refusal(Path link, Path source) throws IOException {
    Path target = Files.readSymbolicLink(link);
    String why = walk(link.getParent(), target, source);
    return why == null ? Optional.empty() : Optional.of(link + ": symlink to '" + target + "' "
        + why + "; not copied, and removed from the container");
  }

  /** Null when the walk stays inside {@code source}, else why not. */
  private static String walk(Path folder, Path target, Path source) throws IOException {
    if (target.isAbsolute()) {
      return "is absolute, so it resolves outside " + source;
    }
    Deque<String> names = new ArrayDeque<>();
    push(names, target);
    Path current = folder;
    int links = 1;
    while (!names.isEmpty()) {
      String name = names.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (current.equals(source)) {
          return "resolves outside " + source + " (its target is followed through the links on"
              + " its way, as the container will)";
        }
        current = current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      if (!Files.isSymbolicLink(next)) {
        current = next;
        continue;
      }
      if (++links > MAX_LINKS) {
        return "passes through more than " + MAX_LINKS + " links (a loop)";
      }
      Path hop = Files.readSymbolicLink(next);
      if (hop.isAbsolute()) {
        return "leads through " + next + ", a link to the absolute '" + hop + "', outside "
            + source;
      }
      push(names, hop);
    }
    return null;
  }

  /** Puts the names of {@code path} in front of those still to walk, in order. */
  private static void push(Deque<String> names, Path path) {
    String[] parts = path.toString().split("/", -1);
    for (int i = parts.length - 1; i >= 0; i--) {
      names.addFirst(parts[i]);
    }
  }
}
