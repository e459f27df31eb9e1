package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole configuration: the tutorial as a POM, normalisation, and problems reported together. */
class LiveUpdateConfigReaderTest {

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @Test
  void readsTheTutorialConfiguration() throws Exception {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.getTarget().setContainer("api");
    xml.getTarget().setNamespace("default");
    xml.getTarget().setContext("kind-dev");

    LiveUpdateConfig config = module.read(xml);

    assertEquals(module.basedir, config.basedir());
    assertEquals(module.basedir.resolve("target"), config.buildDir());
    assertEquals(new Target(Optional.of("tilt-avatar-api"), Optional.empty(), Optional.of("api"),
        Optional.of("default"), Optional.of("kind-dev")), config.target());
    assertEquals(List.of(new SyncRule(module.basedir.resolve("api"), "/app/api")), config.syncs());
    assertEquals(List.of(new RunStep("pip install -r /app/requirements.txt",
        List.of("api/requirements.txt"))), config.runs());
    assertEquals(List.of("pom.xml"), config.fallBackOn());
    assertEquals(List.of("**/*.pyc"), config.ignores());
    assertEquals(ConfigFixture.QUIET, config.quietPeriod());
    assertEquals(ConfigFixture.MAX_WAIT, config.maxBatchWait());
  }

  @Test
  void normalisesPathsAndTrimsValues() throws Exception {
    LiveUpdateXml xml = new LiveUpdateXml();
    TargetXml target = TargetXml.selector("  app=api  ");
    target.setNamespace("   ");
    xml.setTarget(target);
    xml.sync(" ./api/static/ ", " //app//api/./static/ ")
        .sync("api/../api", "/app/api/")
        .sync(module.basedir.resolve("web").toString(), "/srv/www/")
        .run("  make reload  ", "./api/requirements.txt", "api\\static\\", "api/**/", "./api/x/../app.py")
        .fallBackOn("./pom.xml", module.basedir.resolve("deploy").toString() + "/", ".")
        .ignore("./**/*.pyc", "**/tmp/");

    LiveUpdateConfig config = module.read(xml);

    assertEquals(Optional.of("app=api"), config.target().selector());
    assertEquals(Optional.empty(), config.target().namespace(), "blank optional elements are absent");
    assertEquals(List.of(
        new SyncRule(module.basedir.resolve("api/static"), "/app/api/static"),
        new SyncRule(module.basedir.resolve("api"), "/app/api"),
        new SyncRule(module.basedir.resolve("web"), "/srv/www")), config.syncs());
    assertEquals(new RunStep("make reload",
        List.of("api/requirements.txt", "api/static", "api/**", "api/app.py")), config.runs().get(0));
    assertEquals(List.of("pom.xml", "deploy", "**"), config.fallBackOn());
    assertEquals(List.of("**/*.pyc", "**/tmp/**"), config.ignores());
  }

  @Test
  void missingLiveUpdateElementExplainsWhatToAdd() {
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> LiveUpdateConfigReader.read(null, module.basedir, module.basedir.resolve("target"),
            ConfigFixture.QUIET, ConfigFixture.MAX_WAIT));

    assertEquals(1, e.problems().size());
    String message = e.problems().get(0);
    assertTrue(message.startsWith("<liveUpdate> is missing"), message);
    assertTrue(message.contains("<target><deployment>my-app</deployment></target>"), message);
    assertTrue(message.contains("<sync><from>src/main/resources</from><to>/app/resources</to></sync>"), message);
  }

  @Test
  void reportsEveryProblemAtOnceInDocumentOrder() {
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("Tilt_Avatar"));
    xml.sync("api", "app/api")
        .sync("missing", "/app/missing")
        .run(" ", "api/requirements.txt")
        .fallBackOn("../parent/pom.xml")
        .ignore("");

    List<String> problems = module.problems(xml);

    assertEquals(6, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("<liveUpdate><target><deployment> must be a Deployment name"), problems.get(0));
    assertEquals("<liveUpdate><syncs><sync>[1]<to> must be an absolute container path, got 'app/api'", problems.get(1));
    assertTrue(problems.get(2).startsWith("<liveUpdate><syncs><sync>[2]<from> must be an existing directory, got 'missing'"), problems.get(2));
    assertTrue(problems.get(3).startsWith("<liveUpdate><runs><run>[1]<command> must be a shell command"), problems.get(3));
    assertTrue(problems.get(4).startsWith("<liveUpdate><fallBackOn><path>[1] must lie inside the module directory"), problems.get(4));
    assertEquals("<liveUpdate><ignores><ignore>[1] must be a path or pattern relative to the module, got nothing", problems.get(5));
  }

  @Test
  void exceptionMessageListsAllProblems() {
    LiveUpdateXml xml = ConfigFixture.tutorial().sync("web", "web");
    xml.setTarget(null);

    InvalidConfigException e = assertThrows(
        InvalidConfigException.class, () -> module.read(xml));

    assertEquals(String.join(System.lineSeparator(), e.problems()), e.getMessage());
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("<liveUpdate><target> is missing"), e.getMessage());
    assertTrue(e.getMessage().contains("<liveUpdate><syncs><sync>[2]<to> must be an absolute container path, got 'web'"), e.getMessage());
  }

  @Test
  void quietPeriodMustBePositive() {
    String problem = readTimingProblem(Duration.ZERO, ConfigFixture.MAX_WAIT);

    assertEquals("liveupdate.quietPeriod must be greater than 0 ms, got 0 ms", problem);
  }

  @Test
  void maxBatchWaitMustBePositive() {
    List<String> problems = readTimingProblems(ConfigFixture.QUIET, Duration.ofMillis(-5));

    assertEquals(List.of("liveupdate.maxBatchWait must be greater than 0 ms, got -5 ms"), problems);
  }

  @Test
  void quietPeriodMustNotExceedMaxBatchWait() {
    String problem = readTimingProblem(Duration.ofMillis(500), Duration.ofMillis(100));

    assertEquals("liveupdate.quietPeriod must not exceed liveupdate.maxBatchWait (100 ms), got 500 ms", problem);
  }

  @Test
  void quietPeriodMayEqualMaxBatchWait() throws Exception {
    LiveUpdateConfig config = LiveUpdateConfigReader.read(ConfigFixture.tutorial(), module.basedir,
        module.basedir.resolve("target"), Duration.ofMillis(100), Duration.ofMillis(100));

    assertEquals(config.quietPeriod(), config.maxBatchWait());
  }

  @Test
  void unsetTimingsAreNamed() {
    List<String> problems = readTimingProblems(null, null);

    assertEquals(List.of("liveupdate.quietPeriod must be set (milliseconds), got nothing",
        "liveupdate.maxBatchWait must be set (milliseconds), got nothing"), problems);
  }

  private String readTimingProblem(Duration quiet, Duration maxWait) {
    List<String> problems = readTimingProblems(quiet, maxWait);
    assertEquals(1, problems.size(), String.join("\n", problems));
    return problems.get(0);
  }

  private List<String> readTimingProblems(Duration quiet, Duration maxWait) {
    return assertThrows(InvalidConfigException.class,
        () -> LiveUpdateConfigReader.read(ConfigFixture.tutorial(), module.basedir,
            module.basedir.resolve("target"), quiet, maxWait)).problems();
  }
}
