package dev.liveupdate.sync;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads what a container holds below the sync destinations in one exec: every directory, every
 * regular file with its SHA-256 and owner-execute bit, every symlink with its target.
 *
 * <p>The script uses only what busybox and GNU coreutils/findutils share: {@code find -H},
 * {@code -type}, {@code -perm -100}, {@code -exec … +}, {@code sha256sum}, one-argument
 * {@code readlink}, and the shell's {@code printf}. The destinations travel as arguments, never
 * inside the script.
 *
 * <p><b>Framing.</b> Every record ends with a NUL byte, the one byte no name and no link target can
 * hold, followed by a line break that only keeps output lines short. So nothing a file name or a
 * link target says can pass for a marker or another entry (a link whose target embeds
 * {@code "\n@files\n<hash>  /app/api/app.py"} is read as that target). Records: {@code @absent},
 * the directory; or {@code @root}, the directory, {@code @directories} and one record per
 * directory, {@code @files} and groups for the files, {@code @executables} and one record per
 * file its owner may execute, {@code @symlinks} and two records (path, target) per link; and
 * {@code @end}. A group of files is {@code @sums}, their count, their names, and then what
 * {@code sha256sum} printed for exactly those names: as each line is matched against the name it
 * must carry (raw from busybox; GNU escapes {@code \}, line breaks and carriage returns and marks
 * the line with a leading backslash), a name is never read from that output.
 */
public final class ContainerListing {

  static final String SCRIPT = String.join("\n",
      "set -e",
      "for d in \"$@\"; do",
      "  if [ ! -d \"$d\" ]; then printf '@absent\\0\\n%s\\0\\n' \"$d\"; continue; fi",
      "  printf '@root\\0\\n%s\\0\\n@directories\\0\\n' \"$d\"",
      "  find -H \"$d\" -type d -exec sh -c 'printf \"%s\\0\\n\" \"$@\"' sh {} +",
      "  printf '@files\\0\\n'",
      "  find -H \"$d\" -type f -exec sh -c 'printf \"@sums\\0\\n%s\\0\\n\" \"$#\";"
          + " printf \"%s\\0\\n\" \"$@\"; sha256sum \"$@\" || exit; printf \"\\0\\n\"' sh {} +",
      "  printf '@executables\\0\\n'",
      "  find -H \"$d\" -type f -perm -100 -exec sh -c 'printf \"%s\\0\\n\" \"$@\"' sh {} +",
      "  printf '@symlinks\\0\\n'",
      "  find -H \"$d\" -type l -exec sh -c 'for l; do t=$(readlink \"$l\" && echo x) || exit;"
          + " printf \"%s\\0\\n%s\\0\\n\" \"$l\" \"${t%?x}\"; done' sh {} +",
      "done",
      "printf '@end\\0\\n'");

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
   * @param output the script's standard output, decoded as UTF-8 (the lines the exec delivered,
   *               joined with line breaks)
   * @throws IllegalArgumentException if the output is not what the script prints (cut short, or
   *                                  a record of an unknown shape), naming the record
   */
  public static SortedMap<String, TreeEntry> parse(String output) {
    Records records = new Records(output);
    SortedMap<String, TreeEntry> entries = new TreeMap<>();
    while (true) {
      String marker = records.next("a marker");
      switch (marker) {
        case "@end" -> {
          records.expectEnd();
          return Collections.unmodifiableSortedMap(entries);
        }
        case "@absent" -> records.next("the absent directory");
        case "@root" -> readRoot(records.next("the listed directory"), records, entries);
        default -> throw records.unexpected(marker, "unknown marker");
      }
    }
  }

  private static void readRoot(String root, Records records, SortedMap<String, TreeEntry> entries) {
    records.expect("@directories");
    String record = records.next("a directory or @files");
    for (; !record.equals("@files"); record = records.next("a directory or @files")) {
      entries.put(records.inside(root, record), TreeEntry.directory());
    }
    record = records.next("@sums or @executables");
    for (; !record.equals("@executables"); record = records.next("@sums or @executables")) {
      if (!record.equals("@sums")) {
        throw records.unexpected(record, "expected @sums or @executables");
      }
      readSums(root, records, entries);
    }
    record = records.next("an executable or @symlinks");
    for (; !record.equals("@symlinks"); record = records.next("an executable or @symlinks")) {
      TreeEntry file = entries.get(records.inside(root, record));
      if (file == null || file.kind() != TreeEntry.Kind.FILE) {
        throw records.unexpected(record, "an executable that is not a listed file");
      }
      entries.put(record, TreeEntry.file(file.sha256(), true));
    }
    while (records.peek().startsWith("/")) {
      String link = records.inside(root, records.next("a symlink"));
      entries.put(link, TreeEntry.symlink(records.next("the target of symlink " + link)));
    }
  }

  private static void readSums(String root, Records records, SortedMap<String, TreeEntry> entries) {
    String count = records.next("a count of files");
    int n;
    try {
      n = Integer.parseInt(count);
    } catch (NumberFormatException e) {
      throw records.unexpected(count, "not a count of files");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(records.inside(root, records.next("a file name")));
    }
    String sums = records.next("sha256sum's output");
    int at = 0;
    for (String name : names) {
      int end = Sha256Lines.match(sums, at, name);
      if (end < 0) {
        throw records.unexpected(sums, "sha256sum's output does not carry " + name + " where"
            + " expected");
      }
      entries.put(name, TreeEntry.file(Sha256Lines.hash(sums, at), false));
      at = end;
    }
    if (at != sums.length()) {
      throw records.unexpected(sums, "sha256sum printed more than the " + n + " file(s) given");
    }
  }

  static boolean isBelowOrEqual(String path, String dir) {
    return path.equals(dir) || path.startsWith(dir.equals("/") ? "/" : dir + "/");
  }

  /** The NUL-terminated records of the output, each followed by one line break. */
  private static final class Records {
    private final String text;
    private int at;

    Records(String text) {
      this.text = text;
    }

    String next(String what) {
      int nul = text.indexOf('\0', at);
      if (nul < 0) {
        throw new IllegalArgumentException("the container listing was cut short (no " + what
            + " after " + (at == 0 ? "the start" : quote(text.substring(Math.max(0, at - 80), at)))
            + ")");
      }
      String record = text.substring(at, nul);
      at = nul + 1;
      if (at < text.length()) {
        if (text.charAt(at) != '\n') {
          throw unexpected(record, "a record not followed by a line break");
        }
        at++;
      }
      return record;
    }

    String peek() {
      int saved = at;
      String record = next("a record");
      at = saved;
      return record;
    }

    void expect(String marker) {
      String record = next(marker);
      if (!record.equals(marker)) {
        throw unexpected(record, "expected " + marker);
      }
    }

    void expectEnd() {
      if (at < text.length() && !text.substring(at).equals("\n")) {
        throw unexpected(text.substring(at), "after @end");
      }
    }

    String inside(String root, String path) {
      if (!isBelowOrEqual(path, root)) {
        throw unexpected(path, "not below " + root);
      }
      return path;
    }

    IllegalArgumentException unexpected(String record, String why) {
      return new IllegalArgumentException("unexpected record in the container listing (" + why
          + "): " + quote(record));
    }

    private static String quote(String text) {
      String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
      return "'" + shown.replace("\n", "\\n").replace("\0", "\\0") + "'";
    }
  }
}
