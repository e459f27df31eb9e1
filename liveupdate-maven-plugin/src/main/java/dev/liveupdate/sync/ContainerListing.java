package dev.liveupdate.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a container holds below the sync destinations in one exec: every directory, every
 * regular file with its SHA-256 and owner-execute bit, every symlink with its target.
 *
 * <p>The script uses only what busybox and GNU coreutils/findutils share: {@code find -H},
 * {@code -type}, {@code -perm -100}, {@code -exec … +}, {@code sha256sum} and one-argument
 * {@code readlink}. The destinations travel as arguments, never inside the script. Output is one
 * path per line, so a name holding a line break cannot be read back unambiguously: the script
 * refuses such a tree (exit {@value #LINE_BREAK_EXIT}) before printing anything about it. GNU
 * {@code sha256sum} escapes backslashes (and CR, LF) in names and marks such lines with a leading
 * backslash; busybox prints names as they are; {@link #parse} reads both.
 */
public final class ContainerListing {

  /** The script's exit status when a name below a destination holds a line break. */
  public static final int LINE_BREAK_EXIT = 65;

  static final String SCRIPT = String.join("\n",
      "set -e",
      "nl='",
      "'",
      "for d in \"$@\"; do",
      "  if [ ! -d \"$d\" ]; then echo \"@absent $d\"; continue; fi",
      "  odd=$(find -H \"$d\" -name \"*$nl*\")",
      "  if [ -n \"$odd\" ]; then",
      "    echo \"names with a line break below $d cannot be compared; rename them:\" >&2",
      "    printf '%s\\n' \"$odd\" >&2",
      "    exit " + LINE_BREAK_EXIT,
      "  fi",
      "  echo \"@root $d\"",
      "  echo @directories",
      "  find -H \"$d\" -type d",
      "  echo @files",
      "  find -H \"$d\" -type f -exec sha256sum {} +",
      "  echo @executables",
      "  find -H \"$d\" -type f -perm -100",
      "  echo @symlinks",
      "  find -H \"$d\" -type l | while IFS= read -r l; do printf '%s\\n' \"$l\"; readlink \"$l\"; done",
      "done",
      "echo @end");

  private static final Pattern SUM_LINE = Pattern.compile("(\\\\?)([0-9a-f]{64}) [ *](.+)");

  private ContainerListing() {}

  /**
   * The argument vector listing these container directories. A directory inside another one
   * listed here is walked as part of it: pass only the outermost (see {@link #outermost}).
   */
  public static List<String> command(List<String> roots) {
    List<String> command = new ArrayList<>(List.of("sh", "-c", SCRIPT, "sh"));
    command.addAll(roots);
    return command;
  }

  /** The destinations not inside another one, in the order given, without duplicates. */
  public static List<String> outermost(List<String> destinations) {
    List<String> roots = new ArrayList<>();
    for (String candidate : destinations) {
      boolean covered = destinations.stream().anyMatch(other -> !other.equals(candidate)
          && isBelowOrEqual(candidate, other)) || roots.contains(candidate);
      if (!covered) {
        roots.add(candidate);
      }
    }
    return roots;
  }

  /**
   * What the script printed, as container path to entry.
   *
   * @throws IllegalArgumentException if the output is not what the script prints (cut short, or
   *                                  a line of an unknown shape), naming the line
   */
  public static SortedMap<String, TreeEntry> parse(List<String> lines) {
    SortedMap<String, TreeEntry> entries = new TreeMap<>();
    String root = null;
    String section = "";
    String pendingLink = null;
    boolean ended = false;
    for (String line : lines) {
      if (ended) {
        throw unexpected(line, "after @end");
      }
      if (pendingLink != null) {
        entries.put(pendingLink, TreeEntry.symlink(line));
        pendingLink = null;
        continue;
      }
      if (line.startsWith("@")) {
        if (line.startsWith("@absent ")) {
          root = null;
          section = "";
        } else if (line.startsWith("@root ")) {
          root = line.substring("@root ".length());
          section = "";
        } else if (line.equals("@end")) {
          ended = true;
        } else if (root != null && List.of("@directories", "@files", "@executables", "@symlinks")
            .contains(line)) {
          section = line;
        } else {
          throw unexpected(line, "unknown marker");
        }
        continue;
      }
      if (root == null || section.isEmpty()) {
        throw unexpected(line, "outside a listed directory");
      }
      switch (section) {
        case "@directories" -> entries.put(inside(root, line), TreeEntry.directory());
        case "@files" -> {
          Matcher sum = SUM_LINE.matcher(line);
          if (!sum.matches()) {
            throw unexpected(line, "not a sha256sum line");
          }
          String path = sum.group(1).isEmpty() ? sum.group(3) : unescape(sum.group(3));
          entries.put(inside(root, path), TreeEntry.file(sum.group(2), false));
        }
        case "@executables" -> {
          TreeEntry file = entries.get(inside(root, line));
          if (file == null || file.kind() != TreeEntry.Kind.FILE) {
            throw unexpected(line, "an executable that is not a listed file");
          }
          entries.put(line, TreeEntry.file(file.sha256(), true));
        }
        default -> pendingLink = inside(root, line);
      }
    }
    if (pendingLink != null || !ended) {
      throw new IllegalArgumentException("the container listing was cut short ("
          + (pendingLink != null ? "no target for symlink " + pendingLink : "no @end") + ")");
    }
    return Collections.unmodifiableSortedMap(entries);
  }

  /** GNU sha256sum's escapes in a name: {@code \\}, {@code \n}, {@code \r}. */
  static String unescape(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\' && i + 1 < name.length()) {
        char next = name.charAt(++i);
        out.append(switch (next) {
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> next;
        });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String inside(String root, String path) {
    if (!isBelowOrEqual(path, root)) {
      throw unexpected(path, "not below " + root);
    }
    return path;
  }

  static boolean isBelowOrEqual(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }

  private static IllegalArgumentException unexpected(String line, String why) {
    return new IllegalArgumentException("unexpected line in the container listing (" + why + "): '"
        + line + "'");
  }
}
