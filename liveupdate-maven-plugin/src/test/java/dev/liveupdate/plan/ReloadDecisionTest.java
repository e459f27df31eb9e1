package dev.liveupdate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.liveupdate.config.JavaApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReloadDecisionTest {

  private static final Optional<JavaApp> APP = Optional.of(new JavaApp(
      List.of("/app/classes", "/app/resources"), List.of(Path.of("/work/m/pom.xml"))));

  @Test
  void aModuleWithSyncsIsNeverRestartedWhateverChanged() {
    assertEquals(Reload.NONE, ReloadDecision.decide(Optional.empty(),
        List.of("/app/classes/demo/App.class"), List.of()));
  }

  @Test
  void aClassCopiedOrDeletedRestartsTheApp() {
    assertEquals(new Reload.Restart("/app/classes changed"), ReloadDecision.decide(APP,
        List.of("/app/classes/demo/App.class"), List.of()));
    assertEquals(new Reload.Restart("/app/classes changed"), ReloadDecision.decide(APP,
        List.of(), List.of("/app/classes/demo/Gone.class")));
  }

  @Test
  void aResourceRestartsTheAppToo() {
    assertEquals(new Reload.Restart("/app/classes and /app/resources changed"),
        ReloadDecision.decide(APP, List.of("/app/resources/static/hello.txt"),
            List.of("/app/classes/demo/Gone.class")));
    assertEquals(new Reload.Restart("/app/resources changed"), ReloadDecision.decide(APP,
        List.of("/app/resources/application.properties"), List.of()));
  }

  @Test
  void anExtraDirectoryAloneDoesNotRestartTheApp() {
    assertEquals(Reload.NONE, ReloadDecision.decide(APP, List.of("/etc/demo/greeting.txt"),
        List.of()));
  }

  @Test
  void aSiblingWhoseNameStartsLikeARestartDirectoryIsNotInIt() {
    assertEquals(Reload.NONE, ReloadDecision.decide(APP,
        List.of("/app/classes-old/demo/App.class", "/app/classes"), List.of()));
  }
}
