package dev.liveupdate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.RunStep;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import dev.liveupdate.watch.ChangeBatch;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private final Path base = Path.of("/work/project");
  private final LiveUpdateConfig config = new LiveUpdateConfig(base, base.resolve("target"),
      new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty()),
      List.of(new SyncRule(base.resolve("api/static"), "/srv/static"),
          new SyncRule(base.resolve("api"), "/app/api")),
      List.of(new RunStep("pip install -r /app/requirements.txt", List.of("api/requirements.txt")),
          new RunStep("echo always", List.of())),
      List.of("pom.xml"), List.of(), Duration.ofMillis(50), Duration.ofSeconds(1),
      Optional.empty());
  private final Planner planner = new Planner(config);

  @Test
  void copiesChangedFileToItsDestinationAndRunsOnlyUntriggeredSteps() {
    Plan plan = planner.plan(ChangeBatch.of(Set.of(base.resolve("api/app.py")), Set.of()));

    Plan.LiveUpdate update = assertInstanceOf(Plan.LiveUpdate.class, plan);
    assertEquals(List.of(new FileCopy(base.resolve("api/app.py"), base.resolve("api"),
        "/app/api/app.py")), update.copies());
    assertEquals(List.of("echo always"), update.runs().stream().map(RunStep::command).toList());
  }

  @Test
  void triggerMatchRunsItsStepInDeclarationOrder() {
    Plan plan = planner.plan(
        ChangeBatch.of(Set.of(base.resolve("api/requirements.txt")), Set.of()));

    assertEquals(List.of("pip install -r /app/requirements.txt", "echo always"),
        ((Plan.LiveUpdate) plan).runs().stream().map(RunStep::command).toList());
  }

  @Test
  void deletedPathBecomesContainerPathInsideDestination() {
    Plan plan = planner.plan(ChangeBatch.of(Set.of(), Set.of(base.resolve("api/old dir"))));

    assertEquals(List.of("/app/api/old dir"), ((Plan.LiveUpdate) plan).deletes());
  }

  @Test
  void nestedSyncDeclaredFirstTakesItsFiles() {
    Plan plan = planner.plan(ChangeBatch.of(Set.of(base.resolve("api/static/a.css")), Set.of()));

    assertEquals("/srv/static/a.css", ((Plan.LiveUpdate) plan).copies().get(0).containerPath());
  }

  @Test
  void fallBackOnMatchNeedsRebuildNamingThePattern() {
    Plan plan = planner.plan(ChangeBatch.of(
        Set.of(base.resolve("pom.xml"), base.resolve("api/app.py")), Set.of()));

    Plan.Rebuild rebuild = assertInstanceOf(Plan.Rebuild.class, plan);
    assertEquals("pom.xml matches <fallBackOn> 'pom.xml'", rebuild.reason());
  }

  @Test
  void unsyncedChangeNeedsRebuildButLivePartKeepsSyncedFiles() {
    ChangeBatch batch = ChangeBatch.of(
        Set.of(base.resolve("web/index.html"), base.resolve("api/app.py")), Set.of());

    Plan.Rebuild rebuild = assertInstanceOf(Plan.Rebuild.class, planner.plan(batch));
    assertEquals("web/index.html matches no <sync>", rebuild.reason());
    Plan.LiveUpdate live = assertInstanceOf(Plan.LiveUpdate.class, planner.livePart(batch));
    assertEquals(List.of("/app/api/app.py"),
        live.copies().stream().map(FileCopy::containerPath).toList());
  }

  @Test
  void deletingTheSyncSourceItselfIsARebuildNotAnRmOfTheDestination() {
    Plan plan = planner.plan(ChangeBatch.of(Set.of(), Set.of(base.resolve("api"))));

    assertTrue(assertInstanceOf(Plan.Rebuild.class, plan).reason().contains("sync source api"));
    assertInstanceOf(Plan.Nothing.class,
        planner.livePart(ChangeBatch.of(Set.of(), Set.of(base.resolve("api")))));
  }
}
