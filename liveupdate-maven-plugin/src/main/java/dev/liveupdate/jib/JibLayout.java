package dev.liveupdate.jib;

import dev.liveupdate.config.FileFilter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sync rules a module's Jib configuration implies, so a Jib module needs no
 * {@code <syncs>}; or, for a layout live update cannot follow, why not and what to configure.
 *
 * <p>In Jib's exploded mode (its default) the image holds the module's build output as files:
 * every {@code *.class} file of {@code target/classes} below {@code {appRoot}/classes}, every
 * other file of {@code target/classes} (the processed resources) below
 * {@code {appRoot}/resources}, and each extra directory below its {@code <into>}, filtered by its
 * {@code <includes>}/{@code <excludes>}. Dependencies sit in {@code {appRoot}/libs} and the
 * generated {@code jib-classpath-file} lists them: a change to a POM can change both, so a POM
 * change rebuilds the image ({@link Inferred#rebuildOn}).
 *
 * <p>Refused, each with the configuration to write instead: WAR modules (Jib explodes the WAR
 * into a servlet container's webapp), packaged mode (the classes are inside one jar), POM
 * modules (Jib builds nothing), and values Jib itself would reject.
 */
public final class JibLayout {

  private JibLayout() {}

  /** What {@link #infer} found. */
  public sealed interface Result permits Inferred, Unsupported {}

  /**
   * The rules.
   *
   * @param appRoot   the container directory of the classes and resources
   * @param syncs     classes, resources, then each extra directory, in Jib's order
   * @param rebuildOn local files whose change needs a new image (the POMs)
   * @param basedir   the module's base directory, to print paths relative to it
   */
  public record Inferred(String appRoot, List<InferredSync> syncs, List<Path> rebuildOn,
      Path basedir) implements Result {

    public Inferred {
      syncs = List.copyOf(syncs);
      rebuildOn = List.copyOf(rebuildOn);
    }

    /** The lines printed at start: one per rule, then what rebuilds. */
    public List<String> describe() {
      List<String> lines = new ArrayList<>();
      lines.add("Sync rules inferred from jib-maven-plugin (exploded, appRoot " + appRoot + "):");
      List<String[]> rows = new ArrayList<>();
      for (InferredSync sync : syncs) {
        String filter = sync.filter().describe();
        rows.add(new String[] {relative(sync.source()) + (filter.isEmpty() ? "" : " (" + filter + ")"),
            sync.containerDir(), sync.origin()});
      }
      for (Path pom : rebuildOn) {
        rows.add(new String[] {relative(pom), "rebuild the image", "dependencies and Jib's configuration"});
      }
      int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
      for (String[] row : rows) {
        lines.add("  " + row[0] + " ".repeat(width - row[0].length()) + "  -> " + row[1]
            + "  (" + row[2] + ")");
      }
      return lines;
    }

    private String relative(Path path) {
      if (path.equals(basedir)) {
        return ".";
      }
      return path.startsWith(basedir) ? basedir.relativize(path).toString().replace('\\', '/')
          : path.toString();
    }
  }

  /** Live update cannot follow this layout; {@link #reason} says why and what to configure. */
  public record Unsupported(String reason) implements Result {}

  /** Class files only, as Jib's classes layer takes them (the file name ends in .class). */
  public static final FileFilter CLASS_FILES = new FileFilter(List.of("**.class"), List.of());
  /** Everything else of the output directory, as Jib's resources layer takes it. */
  public static final FileFilter NOT_CLASS_FILES = new FileFilter(List.of(), List.of("**.class"));

  private static final String SYNCS_HINT = "configure <liveUpdate><syncs> yourself";

  /** The rules for {@code jib}, or why there are none. */
  public static Result infer(JibSettings jib) {
    String appRoot = jib.effectiveAppRoot();
    if (jib.packaging().equals("pom")) {
      return new Unsupported("the module's packaging is pom: jib-maven-plugin builds no image for "
          + "it, so there is nothing to infer; run liveupdate on the module that Jib builds, or "
          + SYNCS_HINT);
    }
    if (jib.isWar()) {
      return new Unsupported("the module is packaged as a " + jib.packaging() + ": Jib explodes "
          + "the WAR into " + appRoot + ", a layout live update does not infer; " + SYNCS_HINT
          + ", for instance <sync><from>target/classes</from><to>" + appRoot
          + "/WEB-INF/classes</to></sync>");
    }
    String mode = jib.containerizingMode().toLowerCase(Locale.ROOT);
    if (mode.equals("packaged")) {
      return new Unsupported("jib-maven-plugin <containerizingMode> is packaged: the app runs "
          + "from the module's jar in " + appRoot + "/classpath, which cannot be updated file by "
          + "file; build the development image in exploded mode (<containerizingMode>exploded"
          + "</containerizingMode>, Jib's default, for instance in a dev profile, or "
          + "-Djib.containerizingMode=exploded), or " + SYNCS_HINT);
    }
    if (!mode.equals("exploded")) {
      return new Unsupported("jib-maven-plugin <containerizingMode> must be exploded or "
          + "packaged, got '" + jib.containerizingMode() + "'");
    }
    if (!isAbsolute(appRoot)) {
      return new Unsupported("jib-maven-plugin <container><appRoot> must be an absolute "
          + "container path, got '" + appRoot + "'");
    }
    String root = trimSlash(appRoot);
    List<InferredSync> syncs = new ArrayList<>();
    syncs.add(new InferredSync(jib.outputDirectory(), CLASS_FILES, join(root, "classes"),
        Map.of(), "Jib's classes layer"));
    syncs.add(new InferredSync(jib.outputDirectory(), NOT_CLASS_FILES, join(root, "resources"),
        Map.of(), "Jib's resources layer"));
    int index = 0;
    for (JibSettings.ExtraDirectory extra : jib.extraDirectories()) {
      index++;
      if (!isAbsolute(extra.into())) {
        return new Unsupported("jib-maven-plugin <extraDirectories><paths><path>[" + index
            + "]<into> must be an absolute container path, got '" + extra.into() + "'");
      }
      if (extra.byDefault() && !java.nio.file.Files.isDirectory(extra.from())) {
        continue; // Jib's default src/main/jib, absent: Jib copies nothing either
      }
      syncs.add(new InferredSync(extra.from(),
          new FileFilter(extra.includes(), extra.excludes()), trimSlash(extra.into()),
          jib.extraDirectoryPermissions(),
          extra.byDefault() ? "Jib's default extra directory" : "<extraDirectories> path " + index));
    }
    return new Inferred(root, syncs, jib.pomFiles(), jib.basedir());
  }

  private static boolean isAbsolute(String containerPath) {
    return containerPath.startsWith("/");
  }

  private static String trimSlash(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed;
  }

  private static String join(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }
}
