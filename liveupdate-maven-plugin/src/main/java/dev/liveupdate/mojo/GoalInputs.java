package dev.liveupdate.mojo;

import dev.liveupdate.config.InvalidConfigException;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.LiveUpdateConfigReader;
import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.image.CredentialSource;
import java.io.File;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;

/** What the goals share in turning their parameters into the engine's inputs. */
final class GoalInputs {

  private GoalInputs() {}

  /**
   * The validated configuration of a goal that watches no files, or a build failure listing every
   * problem by XML element.
   */
  static LiveUpdateConfig config(LiveUpdateXml xml, File basedir, File buildDirectory)
      throws MojoExecutionException {
    try {
      return LiveUpdateConfigReader.read(xml, basedir.toPath(), buildDirectory.toPath());
    } catch (InvalidConfigException e) {
      throw invalid(e);
    }
  }

  /** The validated configuration, or a build failure listing every problem by XML element. */
  static LiveUpdateConfig config(LiveUpdateXml xml, File basedir, File buildDirectory,
      Duration quietPeriod, Duration maxBatchWait) throws MojoExecutionException {
    try {
      return LiveUpdateConfigReader.read(xml, basedir.toPath(), buildDirectory.toPath(),
          quietPeriod, maxBatchWait);
    } catch (InvalidConfigException e) {
      throw invalid(e);
    }
  }

  static MojoExecutionException invalid(InvalidConfigException e) {
    // Not chained: Maven would print every problem a second time after the first line.
    return new MojoExecutionException("Invalid liveupdate-maven-plugin configuration:"
        + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ",
        e.problems()));
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
