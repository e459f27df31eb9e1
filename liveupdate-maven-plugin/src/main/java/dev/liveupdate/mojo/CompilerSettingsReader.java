package dev.liveupdate.mojo;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.ResourceRoot;
import java.io.File;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * Reads how {@code maven-compiler-plugin} compiles the module into {@link CompilerSettings}: the
 * project's compile source roots, resources, output directory and compile classpath (the goal
 * needs {@code requiresDependencyResolution = COMPILE}), and the plugin's effective
 * configuration, {@code default-compile} execution first, then the plugin's own, then the
 * {@code maven.compiler.*} properties (user properties over the POM's), then the plugin's
 * defaults. What it cannot honour (another compiler, a forked JDK, {@code debuglevel}) is
 * returned as notes for the goal to print.
 */
final class CompilerSettingsReader {

  static final String COMPILER_PLUGIN = "org.apache.maven.plugins:maven-compiler-plugin";
  private static final String PATH = "<build><plugins><plugin>(maven-compiler-plugin)"
      + "<configuration>";
  /** maven-compiler-plugin 3.11 and later. */
  private static final String DEFAULT_SOURCE_TARGET = "1.8";

  /** The settings, and what of the plugin's configuration they leave out. */
  record Read(CompilerSettings settings, List<String> notes) {}

  /** One {@code <annotationProcessorPaths><path>}, version filled in. */
  record Coordinate(String groupId, String artifactId, String version, String classifier,
      String type, List<String> exclusions) {}

  /** Resolves processor paths, with their dependencies, to files. */
  interface ProcessorPathResolver {
    List<Path> resolve(List<Coordinate> coordinates) throws MojoExecutionException;
  }

  private final MavenProject project;
  private final Properties userProperties;
  private final Xpp3Dom execution;
  private final Xpp3Dom plugin;

  private CompilerSettingsReader(MavenProject project, Properties userProperties) {
    this.project = project;
    this.userProperties = userProperties;
    Plugin compiler = project.getPlugin(COMPILER_PLUGIN);
    PluginExecution compile = compiler == null ? null
        : compiler.getExecutionsAsMap().get("default-compile");
    this.execution = compile == null ? null : (Xpp3Dom) compile.getConfiguration();
    this.plugin = compiler == null ? null : (Xpp3Dom) compiler.getConfiguration();
  }

  static Read read(MavenSession session, MavenProject project, RepositorySystem system)
      throws MojoExecutionException {
    Properties user = new Properties();
    user.putAll(session.getSystemProperties());
    user.putAll(session.getUserProperties());
    return read(project, user, coordinates -> resolve(system, session, project, coordinates));
  }

  static Read read(MavenProject project, Properties userProperties,
      ProcessorPathResolver resolver) throws MojoExecutionException {
    return new CompilerSettingsReader(project, userProperties).read(resolver);
  }

  private Read read(ProcessorPathResolver resolver) throws MojoExecutionException {
    List<String> notes = new ArrayList<>();
    Path output = Path.of(project.getBuild().getOutputDirectory());
    Path build = Path.of(project.getBuild().getDirectory());
    List<Path> classpath = new ArrayList<>();
    try {
      for (String element : project.getCompileClasspathElements()) {
        Path p = Path.of(element);
        if (!p.equals(output)) {
          classpath.add(p);
        }
      }
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("The compile classpath of " + project.getId()
          + " is not resolved: " + e.getMessage(), e);
    }
    Optional<String> release = value("release", "maven.compiler.release");
    Optional<String> source = release.isPresent() ? Optional.empty()
        : Optional.of(value("source", "maven.compiler.source").orElse(DEFAULT_SOURCE_TARGET));
    Optional<String> target = release.isPresent() ? Optional.empty()
        : Optional.of(value("target", "maven.compiler.target").orElse(DEFAULT_SOURCE_TARGET));
    Optional<String> generated = value("generatedSourcesDirectory", null);
    List<String> args = new ArrayList<>(list("compilerArgs"));
    value("compilerArgument", null).ifPresent(a -> args.addAll(List.of(a.trim().split("\\s+"))));
    value("compilerId", "maven.compiler.compilerId").filter(id -> !id.equals("javac"))
        .ifPresent(id -> notes.add(PATH + "<compilerId> is " + id + ": compiling with javac"));
    value("executable", "maven.compiler.executable").ifPresent(e -> notes.add(PATH
        + "<executable> is " + e + ": compiling with the javac of the JDK running Maven"));
    value("debuglevel", "maven.compiler.debuglevel").ifPresent(l -> notes.add(PATH
        + "<debuglevel> " + l + " is not honoured: compiling with -g"));
    CompilerSettings settings = new CompilerSettings(
        project.getCompileSourceRoots().stream().map(Path::of).toList(), output, classpath,
        release, source, target, bool("parameters", "maven.compiler.parameters", false),
        encoding(), bool("debug", "maven.compiler.debug", true),
        resolver.resolve(processorPaths()), list("annotationProcessors"),
        value("proc", "maven.compiler.proc"),
        generated.map(Path::of).orElse(build.resolve("generated-sources/annotations")),
        args, resources(), build.resolve("liveupdate"));
    return new Read(settings, notes);
  }

  private List<ResourceRoot> resources() {
    List<ResourceRoot> roots = new ArrayList<>();
    for (Resource r : project.getResources()) {
      File dir = new File(r.getDirectory());
      Path directory = dir.isAbsolute() ? dir.toPath() : project.getBasedir().toPath()
          .resolve(r.getDirectory());
      roots.add(new ResourceRoot(directory, Optional.ofNullable(r.getTargetPath()),
          r.getIncludes(), r.getExcludes(), r.isFiltering()));
    }
    return roots;
  }

  private Optional<Charset> encoding() throws MojoExecutionException {
    Optional<String> name = value("encoding", "encoding")
        .or(() -> Optional.ofNullable(project.getProperties()
            .getProperty("project.build.sourceEncoding")));
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Charset.forName(name.get()));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new MojoExecutionException(PATH + "<encoding> must be a charset this JVM knows, got '"
          + name.get() + "'", e);
    }
  }

  private List<Coordinate> processorPaths() throws MojoExecutionException {
    Xpp3Dom paths = child("annotationProcessorPaths");
    List<Coordinate> coordinates = new ArrayList<>();
    if (paths == null) {
      return coordinates;
    }
    List<String> problems = new ArrayList<>();
    Xpp3Dom[] children = paths.getChildren();
    for (int i = 0; i < children.length; i++) {
      String where = PATH + "<annotationProcessorPaths><" + children[i].getName() + ">["
          + (i + 1) + "]";
      String groupId = text(children[i], "groupId");
      String artifactId = text(children[i], "artifactId");
      if (groupId == null || artifactId == null) {
        problems.add(where + " must name a <groupId> and an <artifactId>");
        continue;
      }
      String type = Optional.ofNullable(text(children[i], "type")).orElse("jar");
      String classifier = Optional.ofNullable(text(children[i], "classifier")).orElse("");
      String version = Optional.ofNullable(text(children[i], "version"))
          .orElse(managedVersion(groupId, artifactId, classifier, type));
      if (version == null) {
        problems.add(where + "<version> must be given, or " + groupId + ":" + artifactId
            + " managed in <dependencyManagement>, got neither");
        continue;
      }
      List<String> exclusions = new ArrayList<>();
      Xpp3Dom excluded = children[i].getChild("exclusions");
      for (Xpp3Dom e : excluded == null ? new Xpp3Dom[0] : excluded.getChildren()) {
        exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
      }
      coordinates.add(new Coordinate(groupId, artifactId, version, classifier, type,
          exclusions));
    }
    if (!problems.isEmpty()) {
      throw new MojoExecutionException(String.join(System.lineSeparator(), problems));
    }
    return coordinates;
  }

  private String managedVersion(String groupId, String artifactId, String classifier,
      String type) {
    if (project.getDependencyManagement() == null) {
      return null;
    }
    for (Dependency d : project.getDependencyManagement().getDependencies()) {
      if (d.getGroupId().equals(groupId) && d.getArtifactId().equals(artifactId)
          && Optional.ofNullable(d.getClassifier()).orElse("").equals(classifier)
          && d.getType().equals(type)) {
        return d.getVersion();
      }
    }
    return null;
  }

  private static List<Path> resolve(RepositorySystem system, MavenSession session,
      MavenProject project, List<Coordinate> coordinates) throws MojoExecutionException {
    if (coordinates.isEmpty()) {
      return List.of();
    }
    CollectRequest collect = new CollectRequest();
    for (Coordinate c : coordinates) {
      List<Exclusion> exclusions = c.exclusions().stream()
          .map(e -> new Exclusion(e.split(":")[0], e.split(":")[1], "*", "*")).toList();
      collect.addDependency(new org.eclipse.aether.graph.Dependency(new DefaultArtifact(
          c.groupId(), c.artifactId(), c.classifier(), c.type(), c.version()), "runtime", false,
          exclusions));
    }
    collect.setRepositories(project.getRemoteProjectRepositories());
    try {
      List<Path> files = new ArrayList<>();
      for (ArtifactResult r : system.resolveDependencies(session.getRepositorySession(),
          new DependencyRequest(collect, null)).getArtifactResults()) {
        files.add(r.getArtifact().getFile().toPath());
      }
      return files;
    } catch (DependencyResolutionException e) {
      throw new MojoExecutionException(PATH + "<annotationProcessorPaths> could not be "
          + "resolved: " + e.getMessage(), e);
    }
  }

  /** The element's text: {@code default-compile}'s, the plugin's, then the property's. */
  private Optional<String> value(String element, String property) {
    Xpp3Dom dom = child(element);
    if (dom != null && dom.getValue() != null && !dom.getValue().isBlank()) {
      return Optional.of(dom.getValue().trim());
    }
    if (property == null) {
      return Optional.empty();
    }
    String value = userProperties.getProperty(property,
        project.getProperties().getProperty(property));
    return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  private boolean bool(String element, String property, boolean fallback) {
    return value(element, property).map(Boolean::parseBoolean).orElse(fallback);
  }

  /** The texts of a list element's children ({@code <compilerArgs><arg>}). */
  private List<String> list(String element) {
    Xpp3Dom dom = child(element);
    List<String> values = new ArrayList<>();
    for (Xpp3Dom c : dom == null ? new Xpp3Dom[0] : dom.getChildren()) {
      if (c.getValue() != null && !c.getValue().isBlank()) {
        values.add(c.getValue().trim());
      }
    }
    return values;
  }

  private Xpp3Dom child(String name) {
    Xpp3Dom fromExecution = execution == null ? null : execution.getChild(name);
    return fromExecution != null ? fromExecution : plugin == null ? null : plugin.getChild(name);
  }

  private static String text(Xpp3Dom parent, String name) {
    Xpp3Dom child = parent.getChild(name);
    return child == null || child.getValue() == null || child.getValue().isBlank() ? null
        : child.getValue().trim();
  }
}
