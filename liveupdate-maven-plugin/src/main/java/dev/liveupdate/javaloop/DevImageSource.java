package dev.liveupdate.javaloop;

import dev.liveupdate.engine.Rebuilder;
import dev.liveupdate.image.BuildListener;
import dev.liveupdate.image.ImageBuildException;
import java.io.IOException;

/**
 * The image a Jib module's rebuild rolls out: its dev image, built by the module's own
 * jib-maven-plugin from the project as it is now. When a POM changed, the project is read again
 * first (dependencies resolved) and the compiler opened again with the new classpath; the output
 * directory is then brought up to date, so the image holds every source as saved.
 */
final class DevImageSource implements Rebuilder.ImageSource {

  private final JavaProject project;
  private final Compilation compilation;

  DevImageSource(JavaProject project, Compilation compilation) {
    this.project = project;
    this.compilation = compilation;
  }

  @Override
  public String build(BuildListener progress) throws ImageBuildException, InterruptedException {
    if (project.pomChanged()) {
      try {
        project.reload();
        compilation.open(project.compilerSettings(), project.compilerNotes(),
        project.resourceFilter());
      } catch (JavaProject.ProjectReadException e) {
        throw new ImageBuildException("", e.getMessage(), e);
      } catch (IOException e) {
        throw new ImageBuildException("", "cannot open the compiler with the new POM's "
            + "settings: " + e.getMessage(), e);
      }
    }
    if (compilation.isOpen()) {
      compilation.compileStale();
      compilation.imageBuilt();
    }
    return project.buildDevImage(progress).byDigest();
  }
}
