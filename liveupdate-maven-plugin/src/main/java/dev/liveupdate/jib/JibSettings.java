package dev.liveupdate.jib;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a module's {@code com.google.cloud.tools:jib-maven-plugin} configuration says, as Jib
 * itself reads it: the POM's {@code <configuration>} with the {@code jib.*} properties and
 * {@code -Dimage} over it, and Jib's defaults where neither says anything. Only the parts live
 * update needs; {@code mojo.JibSettingsReader} fills it. {@link #builder} starts from Jib's
 * defaults for a jar module.
 *
 * @param basedir            the module's base directory
 * @param packaging          the module's {@code <packaging>}: {@code jar}, {@code war}, …
 * @param outputDirectory    {@code project.build.outputDirectory}, usually {@code target/classes}
 * @param buildDirectory     {@code project.build.directory}, usually {@code target}
 * @param pomFiles           the module's {@code pom.xml} first, then the parent POMs read from
 *                           the file system (a change to any of them can change what Jib builds)
 * @param toImage            {@code -Dimage}, else {@code jib.to.image}, else {@code <to><image>}
 * @param toTags             {@code jib.to.tags}, else {@code <to><tags>}
 * @param fromImage          {@code jib.from.image}, else {@code <from><image>}; empty: Jib's default
 * @param appRoot            {@code <container><appRoot>} as written; {@code ""} means Jib's
 *                           default, see {@link #effectiveAppRoot}
 * @param containerizingMode {@code jib.containerizingMode}, else {@code <containerizingMode>},
 *                           else {@code exploded}; as written, not checked
 * @param extraDirectories   the extra directories Jib copies: the configured ones, else its
 *                           default {@code src/main/jib} into {@code /}
 * @param extraDirectoryPermissions {@code <extraDirectories><permissions>}: container-path glob
 *                           to octal mode, in the order written (the first match wins)
 * @param jvmFlags           {@code <container><jvmFlags>}
 * @param mainClass          {@code <container><mainClass>}; empty: Jib infers it
 * @param entrypoint         {@code <container><entrypoint>}; empty: Jib computes one;
 *                           {@code [INHERIT]}: the base image's
 * @param args               {@code <container><args>}; empty: none given
 * @param environment        {@code <container><environment>}
 * @param ports              {@code <container><ports>}
 * @param labels             {@code <container><labels>}
 * @param skip               {@code <skip>} / {@code jib.skip}: Jib builds nothing
 */
public record JibSettings(
    Path basedir,
    String packaging,
    Path outputDirectory,
    Path buildDirectory,
    List<Path> pomFiles,
    Optional<String> toImage,
    List<String> toTags,
    Optional<String> fromImage,
    String appRoot,
    String containerizingMode,
    List<ExtraDirectory> extraDirectories,
    Map<String, String> extraDirectoryPermissions,
    List<String> jvmFlags,
    Optional<String> mainClass,
    Optional<List<String>> entrypoint,
    Optional<List<String>> args,
    Map<String, String> environment,
    List<String> ports,
    Map<String, String> labels,
    boolean skip) {

  /** Jib's app root for a jar module. */
  public static final String DEFAULT_APP_ROOT = "/app";
  /** Jib's app root for a WAR module (the Jetty base image's webapp). */
  public static final String WAR_APP_ROOT = "/var/lib/jetty/webapps/ROOT";

  /**
   * One {@code <extraDirectories><paths><path>}.
   *
   * @param from      absolute local directory
   * @param into      container directory, as written ({@code /} by default)
   * @param includes  {@code <includes>}: Java NIO globs against the path below {@code from};
   *                  empty: everything
   * @param excludes  {@code <excludes>}: the same kind of globs
   * @param byDefault Jib's default {@code src/main/jib}, used because none is configured (Jib
   *                  does not mind if it is missing; a configured one must exist)
   */
  public record ExtraDirectory(Path from, String into, List<String> includes,
      List<String> excludes, boolean byDefault) {

    public ExtraDirectory {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(into, "into");
      includes = List.copyOf(includes);
      excludes = List.copyOf(excludes);
    }
  }

  public JibSettings {
    Objects.requireNonNull(basedir, "basedir");
    Objects.requireNonNull(packaging, "packaging");
    pomFiles = List.copyOf(pomFiles);
    toTags = List.copyOf(toTags);
    extraDirectories = List.copyOf(extraDirectories);
    extraDirectoryPermissions = copy(extraDirectoryPermissions);
    jvmFlags = List.copyOf(jvmFlags);
    entrypoint = entrypoint.map(List::copyOf);
    args = args.map(List::copyOf);
    environment = copy(environment);
    ports = List.copyOf(ports);
    labels = copy(labels);
  }

  /** A WAR module, as Jib tells them: packaging {@code war} or {@code gwt-app}. */
  public boolean isWar() {
    return packaging.equals("war") || packaging.equals("gwt-app");
  }

  /** {@link #appRoot} if written, else Jib's default: {@code /app}, for a WAR the Jetty webapp. */
  public String effectiveAppRoot() {
    if (!appRoot.isEmpty()) {
      return appRoot;
    }
    return isWar() ? WAR_APP_ROOT : DEFAULT_APP_ROOT;
  }

  /** Jib's defaults for a jar module in {@code basedir} with Maven's standard directories. */
  public static Builder builder(Path basedir) {
    return new Builder(basedir);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Builds {@link JibSettings}; every field starts at Jib's default. */
  public static final class Builder {
    private final Path basedir;
    private String packaging = "jar";
    private Path outputDirectory;
    private Path buildDirectory;
    private List<Path> pomFiles;
    private String toImage;
    private List<String> toTags = List.of();
    private String fromImage;
    private String appRoot = "";
    private String containerizingMode = "exploded";
    private List<ExtraDirectory> extraDirectories = new ArrayList<>();
    private Map<String, String> permissions = new LinkedHashMap<>();
    private List<String> jvmFlags = List.of();
    private String mainClass;
    private List<String> entrypoint;
    private List<String> args;
    private Map<String, String> environment = Map.of();
    private List<String> ports = List.of();
    private Map<String, String> labels = Map.of();
    private boolean skip;

    private Builder(Path basedir) {
      this.basedir = basedir.toAbsolutePath().normalize();
      this.buildDirectory = this.basedir.resolve("target");
      this.outputDirectory = buildDirectory.resolve("classes");
      this.pomFiles = List.of(this.basedir.resolve("pom.xml"));
    }

    public Builder packaging(String value) { packaging = value; return this; }
    public Builder outputDirectory(Path value) { outputDirectory = value; return this; }
    public Builder buildDirectory(Path value) { buildDirectory = value; return this; }
    public Builder pomFiles(List<Path> value) { pomFiles = value; return this; }
    public Builder toImage(String value) { toImage = value; return this; }
    public Builder toTags(List<String> value) { toTags = value; return this; }
    public Builder fromImage(String value) { fromImage = value; return this; }
    public Builder appRoot(String value) { appRoot = value; return this; }
    public Builder containerizingMode(String value) { containerizingMode = value; return this; }
    public Builder extraDirectory(ExtraDirectory value) { extraDirectories.add(value); return this; }
    public Builder permission(String glob, String mode) { permissions.put(glob, mode); return this; }
    public Builder jvmFlags(List<String> value) { jvmFlags = value; return this; }
    public Builder mainClass(String value) { mainClass = value; return this; }
    public Builder entrypoint(List<String> value) { entrypoint = value; return this; }
    public Builder args(List<String> value) { args = value; return this; }
    public Builder environment(Map<String, String> value) { environment = value; return this; }
    public Builder ports(List<String> value) { ports = value; return this; }
    public Builder labels(Map<String, String> value) { labels = value; return this; }
    public Builder skip(boolean value) { skip = value; return this; }

    /** The settings; without any {@link #extraDirectory}, Jib's default {@code src/main/jib}. */
    public JibSettings build() {
      List<ExtraDirectory> extras = extraDirectories.isEmpty()
          ? List.of(new ExtraDirectory(basedir.resolve("src/main/jib"), "/", List.of(), List.of(),
              true))
          : extraDirectories;
      return new JibSettings(basedir, packaging, outputDirectory, buildDirectory, pomFiles,
          Optional.ofNullable(toImage), toTags, Optional.ofNullable(fromImage), appRoot,
          containerizingMode, extras, permissions, jvmFlags, Optional.ofNullable(mainClass),
          Optional.ofNullable(entrypoint), Optional.ofNullable(args), environment, ports, labels,
          skip);
    }
  }
}
