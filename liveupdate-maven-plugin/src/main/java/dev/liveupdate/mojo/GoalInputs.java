package dev.liveupdate.mojo;

import dev.liveupdate.config.InvalidConfigException;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.LiveUpdateConfigReader;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.image.CredentialSource;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;

/** What the goals share in turning their parameters into the engine's inputs. */
final class GoalInputs {

  private GoalInputs() {}

  /**
   * The validated configuration of a goal that watches no files, or a build failure listing every
   * problem by XML element (and by parameter, for {@code namespace}), unknown elements first.
   */
  static LiveUpdateConfig config(LiveUpdateParameter.Bound bound, File basedir,
      File buildDirectory, String namespace) throws MojoExecutionException {
    return config(bound, namespace, () -> LiveUpdateConfigReader.read(bound.xml(),
        basedir.toPath(), buildDirectory.toPath()));
  }

  /** The validated configuration, or a build failure listing every problem by XML element. */
  static LiveUpdateConfig config(LiveUpdateParameter.Bound bound, File basedir,
      File buildDirectory, String namespace, Duration quietPeriod, Duration maxBatchWait)
      throws MojoExecutionException {
    return config(bound, namespace, () -> LiveUpdateConfigReader.read(bound.xml(),
        basedir.toPath(), buildDirectory.toPath(), quietPeriod, maxBatchWait));
  }

  /**
   * Reads the configuration and checks the parameters that override it, reporting the unknown
   * elements, the configuration's problems and the parameters' together.
   */
  static LiveUpdateConfig config(LiveUpdateParameter.Bound bound, String namespace,
      ConfigRead read) throws MojoExecutionException {
    List<String> problems = new ArrayList<>(bound.problems());
    List<String> parameters = LiveUpdateConfigReader.checkTargetParameters(namespace);
    try {
      LiveUpdateConfig config = read.read();
      if (problems.isEmpty() && parameters.isEmpty()) {
        return config;
      }
    } catch (InvalidConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(parameters);
    // Not chained: Maven would print every problem a second time after the first line.
    throw new MojoExecutionException("Invalid liveupdate-maven-plugin configuration:"
        + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", problems));
  }

  /** Reads and validates the configuration. */
  @FunctionalInterface
  interface ConfigRead {
    LiveUpdateConfig read() throws InvalidConfigException;
  }

  /**
   * How to reach the cluster and the registry; blank strings count as not given.
   *
   * @throws MojoExecutionException if a timeout is not a positive number of seconds, naming its
   *     property
   */
  static SessionOptions options(File kubeconfig, String context, String namespace,
      long runTimeoutSeconds, long rolloutTimeoutSeconds, CredentialSource credentials,
      OnStart onStart) throws MojoExecutionException {
    requirePositive("liveupdate.runTimeout", runTimeoutSeconds);
    requirePositive("liveupdate.rolloutTimeout", rolloutTimeoutSeconds);
    return new SessionOptions(Optional.ofNullable(kubeconfig).map(File::toPath),
        Optional.ofNullable(context).filter(s -> !s.isBlank()),
        Optional.ofNullable(namespace).map(String::trim).filter(s -> !s.isEmpty()),
        Duration.ofSeconds(runTimeoutSeconds), Duration.ofSeconds(rolloutTimeoutSeconds),
        credentials, onStart);
  }

  private static void requirePositive(String property, long seconds)
      throws MojoExecutionException {
    if (seconds <= 0) {
      throw new MojoExecutionException(property + " must be a positive number of seconds, got "
          + seconds);
    }
  }
}
