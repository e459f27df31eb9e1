package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The helpers the planner uses on a read configuration. */
class LiveUpdateConfigTest {

  private static final Path BASE = Path.of("/work/module").toAbsolutePath();

  private final LiveUpdateConfig config = new LiveUpdateConfig(BASE, BASE.resolve("target"),
      new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
      List.of(new SyncRule(BASE.resolve("api/static"), "/srv/static"), new SyncRule(BASE.resolve("api"), "/app/api")),
      List.of(), List.of("pom.xml"), List.of(), Duration.ofMillis(50), Duration.ofSeconds(2),
      Optional.empty());

  @Test
  void syncForTakesTheFirstSourceContainingTheFile() {
    assertEquals("/srv/static", config.syncFor(BASE.resolve("api/static/a.css")).orElseThrow().to());
    assertEquals("/app/api", config.syncFor(BASE.resolve("api/app.py")).orElseThrow().to());
    assertEquals("/app/api", config.syncFor(BASE.resolve("api")).orElseThrow().to());
    assertTrue(config.syncFor(BASE.resolve("api2/app.py")).isEmpty());
  }

  @Test
  void relativePathIsSlashSeparatedForPatternMatching() {
    assertEquals("api/static/a.css", config.relativePath(BASE.resolve("api/static/a.css")));
    assertEquals("", config.relativePath(BASE));
    assertTrue(PathPatterns.matchesAny(config.fallBackOn(), config.relativePath(BASE.resolve("pom.xml"))));
  }
}
