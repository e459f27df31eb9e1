package dev.liveupdate.mojo;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.SessionOptions;
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.BuildPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.PluginParameterExpressionEvaluator;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.settings.Settings;
import org.apache.maven.shared.filtering.MavenFileFilter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.codehaus.plexus.component.configurator.ComponentConfigurationException;
import org.codehaus.plexus.configuration.PlexusConfiguration;
import org.eclipse.aether.RepositorySystem;

/**
 * The parameters every goal shares — the {@code <liveUpdate>} configuration, the module, how to
 * reach the cluster and the registry, the timeouts, {@code skip} — and their conversion into the
 * engine's inputs. Each goal keeps its own parameters and its own {@link #run()}; this is the only
 * level of inheritance.
 */
abstract class AbstractLiveUpdateMojo extends AbstractMojo {

  /**
   * What to watch or sync, where it goes and what runs: {@code <target>}, {@code <syncs>},
   * {@code <runs>}, {@code <fallBackOn>}, {@code <ignores>}, {@code <image>}. See the
   * configuration page. Taken as written and bound by the goal itself, so that an element it does
   * not know is reported with the valid ones and the closest name, among the other problems of
   * the configuration.
   *
   * @since 0.1.0
   */
  @Parameter
  private PlexusConfiguration liveUpdate;

  /** The build, whose expression evaluator binds {@code <liveUpdate>}. */
  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  private MavenSession session;

  /** This goal's execution, for the same evaluator. */
  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  private MojoExecution mojoExecution;

  /** The module's base directory: local paths of the configuration are relative to it. */
  @Parameter(defaultValue = "${project.basedir}", readonly = true, required = true)
  private File basedir;

  /**
   * The module's build directory: never watched nor synced, unless it is, or holds, a sync
   * source.
   */
  @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
  private File buildDirectory;

  /**
   * The kubeconfig file. Default: the first file of {@code $KUBECONFIG}, else
   * {@code ~/.kube/config}, as kubectl.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.kubeconfig")
  private File kubeconfig;

  /**
   * The kubeconfig context to use, over {@code <target><context>}. Default: the current context.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.context")
  private String context;

  /**
   * The namespace of the target, over {@code <target><namespace>}. Default: the context's
   * namespace, else {@code default}.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.namespace")
  private String namespace;

  /**
   * Seconds a run step may take in a container before its update (with {@code sync}: the sync)
   * is reported failed. A step taking longer is ended in the container, reported once, and run
   * again only when a file that triggers it changes. Must be positive.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.runTimeout", defaultValue = "600")
  private long runTimeout;

  /**
   * Seconds a rollout after a rebuild may take before it is reported failed.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.rolloutTimeout", defaultValue = "300")
  private long rolloutTimeout;

  /**
   * Skips the goal.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.skip", defaultValue = "false")
  private boolean skip;

  /**
   * For a module whose {@code <liveUpdate>} has no {@code <syncs>} and whose syncs are inferred
   * from jib-maven-plugin: the tag its dev image is pushed under, in the repository of
   * {@code <to><image>}. It must differ from every tag {@code jib:build} pushes.
   *
   * @since 0.1.0
   */
  @Parameter(property = "liveupdate.image.tag", defaultValue = JibDevImage.DEFAULT_TAG)
  private String imageTag;

  /** Maven settings: registry credentials come from its servers, id = registry host. */
  @Parameter(defaultValue = "${settings}", readonly = true)
  private Settings settings;

  /** This module. */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Maven's resource filtering, for a Jib module's filtered resources. */
  @Component
  private MavenFileFilter fileFilter;

  /** This plugin: a Jib module's jib-maven-plugin loads the dev layer's extension from its jar. */
  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  private PluginDescriptor plugin;

  private final SettingsDecrypter decrypter;
  private final BuildPluginManager plugins;
  private final ProjectBuilder projectBuilder;
  private final RepositorySystem repositories;

  AbstractLiveUpdateMojo(SettingsDecrypter decrypter, BuildPluginManager plugins,
      ProjectBuilder projectBuilder, RepositorySystem repositories) {
    this.decrypter = decrypter;
    this.plugins = plugins;
    this.projectBuilder = projectBuilder;
    this.repositories = repositories;
  }

  /** {@code liveupdate:dev}, {@code liveupdate:sync}: as the goal is named in messages. */
  abstract String goal();

  /** The goal's work, unless skipped. */
  abstract void run() throws MojoExecutionException, MojoFailureException;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info(goal() + " skipped (liveupdate.skip)");
      return;
    }
    run();
  }

  /** Whether the POM has a {@code <liveUpdate>} at all (valid or not). */
  final boolean configured() {
    return liveUpdate != null;
  }

  /** The validated configuration of a goal that watches no files. */
  final LiveUpdateConfig config() throws MojoExecutionException {
    return GoalInputs.config(bound(), basedir, buildDirectory, namespace);
  }

  /** The validated configuration of a goal that watches, with its batching timings. */
  final LiveUpdateConfig config(Duration quietPeriod, Duration maxBatchWait)
      throws MojoExecutionException {
    return GoalInputs.config(bound(), basedir, buildDirectory, namespace, quietPeriod,
        maxBatchWait);
  }

  private LiveUpdateParameter.Bound bound() throws MojoExecutionException {
    try {
      return LiveUpdateParameter.bind(liveUpdate,
          new PluginParameterExpressionEvaluator(session, mojoExecution),
          mojoExecution.getMojoDescriptor().getPluginDescriptor().getClassRealm());
    } catch (ComponentConfigurationException e) {
      throw new MojoExecutionException("Invalid liveupdate-maven-plugin configuration: "
          + e.getMessage(), e);
    }
  }

  /**
   * The Java loop's inputs when the module is a Jib module without {@code <syncs>}; else empty,
   * and {@link #config} applies.
   */
  final Optional<JavaLoopInputs> javaLoop(Duration quietPeriod, Duration maxBatchWait)
      throws MojoExecutionException {
    LiveUpdateParameter.Bound bound = bound();
    if (!JavaLoopInputs.applies(project, bound.xml())) {
      return Optional.empty();
    }
    return Optional.of(JavaLoopInputs.read(project, session.getUserProperties(),
        session.getSystemProperties(), bound, namespace, quietPeriod, maxBatchWait,
        () -> new MavenJavaProject(session, project, plugins, plugin,
            projectBuilder, repositories, imageTag, fileFilter)));
  }

  /** How to reach the cluster and the registry; a timeout that is not positive fails. */
  final SessionOptions options(OnStart onStart) throws MojoExecutionException {
    return GoalInputs.options(kubeconfig, context, namespace, runTimeout, rolloutTimeout,
        new SettingsCredentials(settings, decrypter), onStart);
  }

  /** Renders the engine's events to this goal's log; its summary names it {@code goal}. */
  final EventRenderer renderer(String goal) {
    return new EventRenderer(getLog(), basedir.toPath(), goal);
  }

  final MavenSession session() {
    return session;
  }

  final File basedir() {
    return basedir;
  }

  final MavenProject project() {
    return project;
  }
}
