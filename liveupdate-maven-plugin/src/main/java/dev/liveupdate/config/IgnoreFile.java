package dev.liveupdate.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The module's {@value #NAME}: more ignore patterns, kept beside the code rather than in the POM,
 * like Tilt's {@code .tiltignore}. One pattern per line, in the syntax of {@code <ignores>} (Maven
 * include/exclude patterns relative to the module: {@code **}{@code /*.log}, {@code docs/});
 * blank lines and lines starting with {@code #} are skipped. Negations ({@code !pattern}) are
 * refused: Maven patterns have none.
 *
 * <p>Why a file of our own rather than {@code .gitignore} or {@code .dockerignore}: {@code
 * .gitignore} ignores {@code target/} and generated sources, which are exactly what a Java live
 * update syncs ({@code target/classes}); a Jib project has no {@code .dockerignore}, and its syntax
 * (Go globs with {@code !} exceptions) differs from the Maven patterns used everywhere else in the
 * configuration. The file itself is ignored too: editing it takes effect on the next start.
 */
public final class IgnoreFile {

  public static final String NAME = ".liveupdateignore";

  private IgnoreFile() {}

  /**
   * The patterns of {@code basedir/.liveupdateignore}, the file's own name first; none if there is
   * no such file. Problems are added naming the file and line.
   */
  static List<String> read(Path basedir, List<String> problems) {
    Path file = basedir.resolve(NAME);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      problems.add(NAME + " must be UTF-8 text: " + file);
      return List.of();
    } catch (IOException e) {
      problems.add(NAME + " cannot be read: " + e);
      return List.of();
    }
    List<String> patterns = new ArrayList<>(List.of(NAME));
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = NAME + " line " + (i + 1);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("!")) {
        problems.add(where + " must be a pattern to ignore; negations are not supported (narrow"
            + " the pattern that covers the path instead), got " + Messages.quote(line));
        continue;
      }
      try {
        patterns.add(ConfigPaths.relativePattern(line, basedir));
      } catch (ConfigPaths.BadPath bad) {
        problems.add(bad.describe(where, line));
      }
    }
    return List.copyOf(patterns);
  }
}
