package dev.liveupdate.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes what {@link ContainerListing}'s script prints for a tree, as busybox prints it, for
 * tests that stand in for a container; and splits it into the lines an exec delivers.
 */
public final class ListingOutput {

  private final StringBuilder text = new StringBuilder();

  /** {@code @absent dir}. */
  public ListingOutput absent(String dir) {
    return records("@absent", dir);
  }

  /** {@code @root dir} and its entries, each kind in its section. */
  public ListingOutput root(String dir, Map<String, TreeEntry> entries) {
    records("@root", dir, "@directories");
    entries.forEach((path, entry) -> {
      if (entry.isDirectory()) {
        records(path);
      }
    });
    records("@files");
    List<String> files = entries.entrySet().stream()
        .filter(e -> e.getValue().kind() == TreeEntry.Kind.FILE).map(Map.Entry::getKey).toList();
    if (!files.isEmpty()) {
      records("@sums", Integer.toString(files.size()));
      files.forEach(this::records);
      StringBuilder sums = new StringBuilder();
      files.forEach(f -> sums.append(entries.get(f).sha256()).append("  ").append(f).append('\n'));
      records(sums.toString());
    }
    records("@executables");
    files.stream().filter(f -> entries.get(f).executable()).forEach(this::records);
    records("@symlinks");
    entries.forEach((path, entry) -> {
      if (entry.kind() == TreeEntry.Kind.SYMLINK) {
        records(path, entry.linkTarget());
      }
    });
    return this;
  }

  public ListingOutput end() {
    return records("@end");
  }

  /** Records as the script frames them: each followed by NUL and a line break. */
  public ListingOutput records(String... records) {
    for (String record : records) {
      text.append(record).append("\0\n");
    }
    return this;
  }

  public String text() {
    return text.toString();
  }

  /** The lines an exec delivers: split at each line break, as the exec stream splits them. */
  public List<String> lines() {
    return lines(text.toString());
  }

  /** Output split at each line break, the last line kept only when it is not empty. */
  public static List<String> lines(String output) {
    List<String> lines = new ArrayList<>(Arrays.asList(output.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }
}
