package dev.liveupdate.mojo;

import dev.liveupdate.compile.ResourceFilter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.apache.maven.shared.filtering.FilterWrapper;
import org.apache.maven.shared.filtering.MavenFileFilter;
import org.apache.maven.shared.filtering.MavenFilteringException;
import org.apache.maven.shared.filtering.MavenResourcesExecution;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Filters resources as the module's {@code process-resources} does, through Apache maven-filtering
 * (the library maven-resources-plugin filters with), with that plugin's configuration in this
 * module: {@code <delimiters>} and {@code <useDefaultDelimiters>} (Spring Boot's parent uses
 * {@code @...@} only, so {@code ${...}} stays for Spring), {@code <escapeString>},
 * {@code <encoding>}, {@code <propertiesEncoding>}, {@code <filters>} and the build's filters,
 * {@code <supportMultiLineFiltering>}. Values come from the project's properties, the session's
 * and the model, as Maven's own filtering reads them.
 */
final class MavenResourceFilter implements ResourceFilter {

  static final String RESOURCES_PLUGIN = "org.apache.maven.plugins:maven-resources-plugin";

  private final MavenFileFilter fileFilter;
  private final MavenProject project;
  private final MavenSession session;
  private final Xpp3Dom configuration;
  private List<FilterWrapper> wrappers;

  MavenResourceFilter(MavenFileFilter fileFilter, MavenProject project, MavenSession session) {
    this.fileFilter = fileFilter;
    this.project = project;
    this.session = session;
    Plugin plugin = project.getPlugin(RESOURCES_PLUGIN);
    this.configuration = plugin == null || plugin.getConfiguration() == null ? new Xpp3Dom("c")
        : (Xpp3Dom) plugin.getConfiguration();
  }

  @Override
  public synchronized void copy(Path from, Path to) throws IOException {
    String name = from.getFileName().toString();
    String encoding = value("encoding").orElse(project.getProperties()
        .getProperty("project.build.sourceEncoding"));
    if (name.endsWith(".properties")) {
      encoding = value("propertiesEncoding").orElse(encoding);
    }
    try {
      fileFilter.copyFile(from.toFile(), to.toFile(), true, wrappers(), encoding, true);
    } catch (MavenFilteringException e) {
      throw new IOException("filtering " + from + " as maven-resources-plugin would failed: "
          + e.getMessage(), e);
    }
  }

  private List<FilterWrapper> wrappers() throws MavenFilteringException {
    if (wrappers == null) {
      MavenResourcesExecution request = new MavenResourcesExecution();
      request.setMavenProject(project);
      request.setMavenSession(session);
      List<String> filters = new ArrayList<>(project.getBuild().getFilters());
      filters.addAll(values("filters", "filter"));
      request.setFilters(filters);
      request.setInjectProjectBuildFilters(false);
      request.setEscapeString(value("escapeString").orElse(null));
      request.setEscapeWindowsPaths(value("escapeWindowsPaths").map(Boolean::parseBoolean)
          .orElse(true));
      request.setSupportMultiLineFiltering(value("supportMultiLineFiltering")
          .map(Boolean::parseBoolean).orElse(false));
      LinkedHashSet<String> delimiters = new LinkedHashSet<>(values("delimiters", "delimiter"));
      request.setDelimiters(delimiters, value("useDefaultDelimiters").map(Boolean::parseBoolean)
          .orElse(true));
      wrappers = fileFilter.getDefaultFilterWrappers(request);
    }
    return wrappers;
  }

  private Optional<String> value(String name) {
    Xpp3Dom child = configuration.getChild(name);
    return Optional.ofNullable(child == null ? null : child.getValue()).map(String::trim)
        .filter(v -> !v.isEmpty());
  }

  private List<String> values(String list, String item) {
    Xpp3Dom parent = configuration.getChild(list);
    List<String> values = new ArrayList<>();
    if (parent != null) {
      for (Xpp3Dom child : parent.getChildren(item)) {
        if (child.getValue() != null && !child.getValue().isBlank()) {
          values.add(child.getValue().trim());
        }
      }
    }
    return values;
  }
}
