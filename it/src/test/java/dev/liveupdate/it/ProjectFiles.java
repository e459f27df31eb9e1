package dev.liveupdate.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Edits of a sample project's files, as a user saving in an editor makes them. */
final class ProjectFiles {

  private ProjectFiles() {}

  /** Replaces {@code from} by {@code to} in the file; fails when the file does not hold it. */
  static void edit(Path project, String relative, String from, String to) throws Exception {
    Path file = project.resolve(relative);
    String text = Files.readString(file, StandardCharsets.UTF_8);
    if (!text.contains(from)) {
      throw new AssertionError(relative + " does not contain '" + from + "':\n" + text);
    }
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  /** Writes the file, its folders created. */
  static void write(Path project, String relative, String text) throws Exception {
    Path file = project.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
