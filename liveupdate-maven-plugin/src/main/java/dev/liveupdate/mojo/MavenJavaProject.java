package dev.liveupdate.mojo;

import dev.liveupdate.compile.CompilerSettings;
import dev.liveupdate.compile.ResourceFilter;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;
import dev.liveupdate.javaloop.JavaProject;
import dev.liveupdate.jib.DevEntrypoint;
import dev.liveupdate.jib.DevImage;
import dev.liveupdate.supervisor.Control;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.DefaultProjectBuildingRequest;
import org.apache.maven.project.DependencyResolutionResult;
import org.apache.maven.project.MavenProject;
import org.apache.maven.shared.filtering.MavenFileFilter;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingException;
import org.apache.maven.project.ProjectBuildingRequest;
import org.apache.maven.project.ProjectBuildingResult;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.graph.Dependency;

/**
 * The Java loop's {@link JavaProject} on Maven: the compiler settings read with
 * {@link CompilerSettingsReader}, the dev image built by {@link JibDevImage} with the supervisor
 * jar this plugin depends on, and a POM read again through Maven's {@link ProjectBuilder} with its
 * dependencies resolved.
 *
 * <p>The goal resolves compile and runtime dependencies at once (javac needs the provided ones,
 * the image the runtime ones); Jib takes every artifact of the project it builds, so it is given a
 * copy of the project holding only the compile, runtime and system ones, as {@code jib:build}'s
 * own resolution would.
 */
final class MavenJavaProject implements JavaProject {

  private static final Set<String> IMAGE_SCOPES = Set.of(Artifact.SCOPE_COMPILE,
      Artifact.SCOPE_RUNTIME, Artifact.SCOPE_SYSTEM);

  private final MavenSession session;
  private final BuildPluginManager plugins;
  private final PluginDescriptor self;
  private final ProjectBuilder projectBuilder;
  private final RepositorySystem repositories;
  private final String tag;
  private final MavenFileFilter fileFilter;
  private MavenProject project;
  private CompilerSettingsReader.Read compiler;
  private Map<Path, String> poms;

  MavenJavaProject(MavenSession session, MavenProject project, BuildPluginManager plugins,
      PluginDescriptor self, ProjectBuilder projectBuilder, RepositorySystem repositories,
      String tag, MavenFileFilter fileFilter) throws MojoExecutionException {
    this.session = session;
    this.fileFilter = fileFilter;
    this.plugins = plugins;
    this.self = self;
    this.projectBuilder = projectBuilder;
    this.repositories = repositories;
    this.tag = tag;
    use(project);
  }

  private void use(MavenProject next) throws MojoExecutionException {
    compiler = CompilerSettingsReader.read(session, next, repositories);
    poms = fingerprints(next);
    project = next;
  }

  @Override
  public CompilerSettings compilerSettings() {
    return compiler.settings();
  }

  @Override
  public Optional<ResourceFilter> resourceFilter() {
    return Optional.of(new MavenResourceFilter(fileFilter, project, session));
  }

  @Override
  public List<String> compilerNotes() {
    return compiler.notes();
  }

  @Override
  public boolean pomChanged() {
    return !fingerprints(project).equals(poms);
  }

  @Override
  public void reload() throws ProjectReadException {
    ProjectBuildingRequest request =
        new DefaultProjectBuildingRequest(session.getProjectBuildingRequest());
    request.setResolveDependencies(true);
    request.setProject(null);
    ProjectBuildingResult result;
    try {
      result = projectBuilder.build(project.getFile(), request);
    } catch (ProjectBuildingException e) {
      throw new ProjectReadException("cannot read the changed POM " + project.getFile() + ": "
          + e.getMessage(), e);
    }
    DependencyResolutionResult dependencies = result.getDependencyResolutionResult();
    if (dependencies != null && !dependencies.getUnresolvedDependencies().isEmpty()) {
      Dependency first = dependencies.getUnresolvedDependencies().get(0);
      List<Exception> errors = dependencies.getResolutionErrors(first);
      throw new ProjectReadException("cannot resolve " + dependencies.getUnresolvedDependencies()
          .stream().map(d -> d.getArtifact().toString()).collect(Collectors.joining(", "))
          + " of the changed POM" + (errors.isEmpty() ? "" : ": " + errors.get(0).getMessage()),
          errors.isEmpty() ? null : errors.get(0));
    }
    try {
      use(result.getProject());
    } catch (MojoExecutionException e) {
      throw new ProjectReadException(e.getMessage(), e);
    }
  }

  @Override
  public boolean devTools() {
    return JibDevImage.hasDevTools(project);
  }

  @Override
  public DevImage buildDevImage(BuildListener listener)
      throws ImageBuildException, InterruptedException {
    Path directory = Path.of(project.getBuild().getDirectory(), "liveupdate", "opt");
    try {
      placeSupervisor(directory);
    } catch (IOException e) {
      throw new ImageBuildException("", "cannot put the live-update supervisor into "
          + directory + ": " + e.getMessage(), e);
    }
    MavenProject forJib = project.clone();
    forJib.setArtifacts(project.getArtifacts().stream()
        .filter(artifact -> IMAGE_SCOPES.contains(artifact.getScope()))
        .collect(Collectors.toCollection(LinkedHashSet::new)));
    return new JibDevImage(session, () -> forJib, plugins, self, directory, tag)
        .build(listener);
  }

  /**
   * Copies the supervisor jar this plugin runs with (the {@code liveupdate-supervisor} artifact
   * it depends on) into the layer directory, unless it is there already.
   */
  static void placeSupervisor(Path directory) throws IOException {
    Path jar;
    try {
      jar = Path.of(Control.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      throw new IOException("cannot find the jar of " + Control.class.getName() + ": " + e, e);
    }
    if (!Files.isRegularFile(jar)) {
      throw new IOException(Control.class.getName() + " was not loaded from a jar but from "
          + jar + ": install liveupdate-supervisor first");
    }
    Path target = directory.resolve(DevEntrypoint.SUPERVISOR_JAR);
    Files.createDirectories(directory);
    if (!Files.isRegularFile(target) || Files.mismatch(jar, target) >= 0) {
      Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Each POM of the module on disk (its own, then the parents'), with its content's digest. */
  private static Map<Path, String> fingerprints(MavenProject project) {
    Map<Path, String> digests = new LinkedHashMap<>();
    if (project.getFile() != null) {
      Path pom = project.getFile().toPath().toAbsolutePath().normalize();
      digests.put(pom, digest(pom));
    }
    for (MavenProject p = project; p != null && p.getParentFile() != null; p = p.getParent()) {
      Path pom = p.getParentFile().toPath().toAbsolutePath().normalize();
      digests.put(pom, digest(pom));
    }
    return digests;
  }

  private static String digest(Path file) {
    try {
      return java.util.HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      return "unreadable: " + e.getMessage(); // it changes when it can be read again
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
