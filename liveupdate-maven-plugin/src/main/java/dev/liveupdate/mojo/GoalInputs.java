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
   * problem by XML element, unknown elements first.
   */
  static LiveUpdateConfig config(LiveUpdateParameter.Bound bound, File basedir,
      File buildDirectory) throws MojoExecutionException {
    try {
      return checked(bound, LiveUpdateConfigReader.read(bound.xml(), basedir.toPath(),
          buildDirectory.toPath()));
    } catch (InvalidConfigException e) {
      throw invalid(bound.problems(), e.problems());
    }
  }

  /** The validated configuration, or a build failure listing every problem by XML element. */
  static LiveUpdateConfig config(LiveUpdateParameter.Bound bound, File basedir,
      File buildDirectory, Duration quietPeriod, Duration maxBatchWait)
      throws MojoExecutionException {
    try {
      return checked(bound, LiveUpdateConfigReader.read(bound.xml(), basedir.toPath(),
          buildDirectory.toPath(), quietPeriod, maxBatchWait));
    } catch (InvalidConfigException e) {
      throw invalid(bound.problems(), e.problems());
    }
  }

  private static LiveUpdateConfig checked(LiveUpdateParameter.Bound bound,
      LiveUpdateConfig config) throws MojoExecutionException {
    if (!bound.problems().isEmpty()) {
      throw invalid(bound.problems(), List.of());
    }
    return config;
  }

  private static MojoExecutionException invalid(List<String> unknown, List<String> problems) {
    List<String> all = new ArrayList<>(unknown);
    all.addAll(problems);
    // Not chained: Maven would print every problem a second time after the first line.
    return new MojoExecutionException("Invalid liveupdate-maven-plugin configuration:"
        + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", all));
  }

  /** How to reach the cluster and the registry; blank strings count as not given. */
  static SessionOptions options(File kubeconfig, String context, String namespace,
      long runTimeoutSeconds, long rolloutTimeoutSeconds, CredentialSource credentials,
      OnStart onStart) {
    return new SessionOptions(Optional.ofNullable(kubeconfig).map(File::toPath),
        Optional.ofNullable(context).filter(s -> !s.isBlank()),
        Optional.ofNullable(namespace).filter(s -> !s.isBlank()),
        Duration.ofSeconds(runTimeoutSeconds), Duration.ofSeconds(rolloutTimeoutSeconds),
        credentials, onStart);
  }
}
