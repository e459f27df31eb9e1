package dev.liveupdate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.liveupdate.config.FileFilter;
import dev.liveupdate.config.JavaApp;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner on the syncs inferred from a Jib module's layout. */
class InferredPlanTest {

  private final Path base = Path.of("/work/app");
  private final Path classes = base.resolve("target/classes");
  private final Path jib = base.resolve("src/main/jib");
  private final Planner planner = new Planner(new LiveUpdateConfig(base, base.resolve("target"),
      Target.byImage(Optional.empty(), Optional.empty(), Optional.empty()),
      List.of(new SyncRule(classes, "/app/classes", new FileFilter(List.of("**.class"),
              List.of()), true),
          new SyncRule(classes, "/app/resources", new FileFilter(List.of(), List.of("**.class")),
              true),
          new SyncRule(jib, "/", new FileFilter(List.of("**.sh", "etc/**"), List.of()), false)),
      List.of(), List.of(), List.of(), Duration.ofMillis(50), Duration.ofSeconds(1),
      Optional.empty(),
      Optional.of(new JavaApp(List.of("/app/classes", "/app/resources"),
          List.of(base.resolve("pom.xml"), Path.of("/work/pom.xml"))))));

  @Test
  void classFilesAndOtherFilesOfTheOutputDirectoryGoToTheirLayersAndRestartTheApp() {
    Plan.LiveUpdate update = live(ChangeBatch.of(Set.of(classes.resolve("demo/App.class"),
        classes.resolve("demo/App$1.class"), classes.resolve("static/hello.txt")), Set.of()));

    assertEquals(List.of("/app/classes/demo/App$1.class", "/app/classes/demo/App.class",
        "/app/resources/static/hello.txt"),
        update.copies().stream().map(FileCopy::containerPath).sorted().toList());
    assertEquals(new Reload.Restart("/app/classes and /app/resources changed"), update.reload());
  }

  @Test
  void aDeletedClassFileIsDeletedFromTheClassesLayerOnly() {
    Plan.LiveUpdate update = live(ChangeBatch.of(Set.of(),
        Set.of(classes.resolve("demo/Gone.class"), classes.resolve("static/old.txt"))));

    assertEquals(List.of("/app/classes/demo/Gone.class", "/app/resources/static/old.txt"),
        update.deletes().stream().sorted().toList());
  }

  @Test
  void aDeletedPackageDirectoryIsDeletedFromBothLayers() {
    Plan.LiveUpdate update = live(ChangeBatch.of(Set.of(),
        Set.of(classes.resolve("demo/sub"))));

    assertEquals(List.of("/app/classes/demo/sub", "/app/resources/demo/sub"),
        update.deletes().stream().sorted().toList());
  }

  @Test
  void anExtraDirectoryIsCopiedAsItsFilterSaysNeverDeletedAndRestartsNothing() {
    Plan.LiveUpdate update = live(ChangeBatch.of(Set.of(jib.resolve("bin/run.sh"),
        jib.resolve("etc/demo/greeting.txt"), jib.resolve("README.md")),
        Set.of(jib.resolve("bin/old.sh"), jib.resolve("etc"))));

    assertEquals(List.of("/bin/run.sh", "/etc/demo/greeting.txt"),
        update.copies().stream().map(FileCopy::containerPath).sorted().toList());
    assertEquals(List.of(), update.deletes(), "its destination, /, holds the image's files too");
    assertEquals(Reload.NONE, update.reload());
  }

  @Test
  void aFileTheFiltersLeaveOutNeedsNoRebuild() {
    assertInstanceOf(Plan.Nothing.class,
        planner.plan(ChangeBatch.of(Set.of(jib.resolve("README.md")), Set.of())));
  }

  @Test
  void thePomAndAParentPomRebuildTheImage() {
    Plan.Rebuild own = assertInstanceOf(Plan.Rebuild.class,
        planner.plan(ChangeBatch.of(Set.of(base.resolve("pom.xml")), Set.of())));
    assertEquals("pom.xml changed: the dependencies or Jib's configuration may differ",
        own.reason());
    Plan.Rebuild parent = assertInstanceOf(Plan.Rebuild.class,
        planner.plan(ChangeBatch.of(Set.of(Path.of("/work/pom.xml")), Set.of())));
    assertEquals("../pom.xml changed: the dependencies or Jib's configuration may differ",
        parent.reason());
  }

  @Test
  void aPathOutsideEverySourceStillMatchesNoSync() {
    Plan.Rebuild rebuild = assertInstanceOf(Plan.Rebuild.class,
        planner.plan(ChangeBatch.of(Set.of(base.resolve("notes.md")), Set.of())));
    assertEquals("notes.md matches no <sync>", rebuild.reason());
  }

  private Plan.LiveUpdate live(ChangeBatch batch) {
    return assertInstanceOf(Plan.LiveUpdate.class, planner.plan(batch));
  }
}
