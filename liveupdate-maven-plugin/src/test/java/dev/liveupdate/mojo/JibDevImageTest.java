package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

class JibDevImageTest {

  @Test
  void devToolsCountsOnlyOnTheRuntimeClassPath() {
    assertTrue(JibDevImage.hasDevTools(project(artifact("spring-boot-devtools", "runtime"),
        artifact("spring-boot-starter-web", "compile"))));
    assertTrue(JibDevImage.hasDevTools(project(artifact("spring-boot-devtools", "compile"))));
    assertFalse(JibDevImage.hasDevTools(project(artifact("spring-boot-devtools", "test"))),
        "a test dependency is not in the image");
    assertFalse(JibDevImage.hasDevTools(project(artifact("spring-boot-devtools", "provided"))));
    assertFalse(JibDevImage.hasDevTools(project(artifact("spring-boot-starter-web", "compile"))));
  }

  private static MavenProject project(Artifact... artifacts) {
    MavenProject project = new MavenProject(new Model());
    project.setArtifacts(Set.of(artifacts));
    return project;
  }

  private static Artifact artifact(String artifactId, String scope) {
    return new DefaultArtifact("org.springframework.boot", artifactId, "3.5.16", scope, "jar",
        null, new DefaultArtifactHandler("jar"));
  }
}
