package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The goals' parameters that override the configuration are checked with it. */
class NamespaceParameterTest {

  @TempDir Path module;

  @Test
  void aBadNamespaceParameterFailsTheGoalWithTheConfigurationsProblems() throws Exception {
    Files.createDirectories(module.resolve("api"));
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("api"));
    xml.sync("api", "/");

    MojoExecutionException e = assertThrows(MojoExecutionException.class, () -> GoalInputs.config(
        new LiveUpdateParameter.Bound(xml, List.of()), module.toFile(), module.resolve("target").toFile(), "Team_A"));

    String[] lines = e.getMessage().split(System.lineSeparator());
    assertEquals(3, lines.length, e.getMessage());
    assertEquals("  <liveUpdate><syncs><sync>[1]<to> must be a directory of the application's own,"
        + " not '/'", lines[1].substring(0, lines[1].indexOf(", which")));
    assertEquals("  liveupdate.namespace must be a namespace name (DNS-1123 label: lowercase"
        + " letters, digits and '-', starting and ending with a letter or digit, at most 63"
        + " characters), got 'Team_A'", lines[2]);
  }

  @Test
  void aGoodNamespaceParameterIsTrimmedAndPassedOn() throws Exception {
    Files.createDirectories(module.resolve("api"));
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("api"));
    xml.sync("api", "/app");

    GoalInputs.config(new LiveUpdateParameter.Bound(xml, List.of()), module.toFile(), module.resolve("target").toFile(), " team-a ");

    assertEquals(Optional.of("team-a"), GoalInputs.options((File) null, null, " team-a ", 1, 1,
        null, null).namespace());
  }
}
