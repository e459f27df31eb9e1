package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.RunXml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code <runs>}, their {@code <triggers>}, {@code <fallBackOn>} and {@code <ignores>}. */
class RunAndPatternValidationTest {

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t"})
  void commandMustNotBeBlank(String command) {
    String problem = module.problem(ConfigFixture.tutorial().run(command));

    assertEquals("<liveUpdate><runs><run>[2]<command> must be a shell command to run in the"
        + " container, got nothing", problem);
  }

  @Test
  void missingCommandIsReported() {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.getRuns().add(new RunXml());

    String problem = module.problem(xml);

    assertTrue(problem.startsWith("<liveUpdate><runs><run>[2]<command> must be a shell command"), problem);
  }

  @Test
  void commandMustNotHoldNul() {
    String problem = module.problem(ConfigFixture.tutorial().run("echo a\0b"));

    assertEquals("<liveUpdate><runs><run>[2]<command> must not contain NUL characters, got 'echo a\\0b'", problem);
  }

  @Test
  void runWithoutTriggersIsKeptWithNoTriggers() throws Exception {
    LiveUpdateConfig config = module.read(ConfigFixture.tutorial().run("kill -HUP 1"));

    assertEquals(new RunStep("kill -HUP 1", List.of()), config.runs().get(1));
  }

  @Test
  void runsKeepDeclarationOrderAndMultiLineCommands() throws Exception {
    LiveUpdateXml xml = ConfigFixture.tutorial().run("cd /app &&\n  make", "api");

    List<RunStep> runs = module.read(xml).runs();

    assertEquals(List.of("pip install -r /app/requirements.txt", "cd /app &&\n  make"),
        runs.stream().map(RunStep::command).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"api/requirements.txt", "api", "api/", "api/**/*.txt", "api/*.txt", "./api/static"})
  void triggersInsideASyncSourceAreAccepted(String trigger) throws Exception {
    assertEquals(1, module.read(tutorialWithTrigger(trigger)).runs().get(1).triggers().size());
  }

  @Test
  void triggerOutsideEverySyncSourceIsRejected() {
    String problem = module.problem(tutorialWithTrigger("web/package.json"));

    assertEquals("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must lie inside a <sync><from>"
        + " directory ('api'): only synced files trigger a run, as in Tilt, got 'web/package.json'", problem);
  }

  @Test
  void triggerWhoseFixedPartLeavesTheSyncSourceIsRejected() {
    List<String> problems = module.problems(
        ConfigFixture.tutorial().run("make", "**/requirements.txt", "a*/requirements.txt", "pom.xml"));

    assertEquals(3, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must lie inside"), problems.get(0));
    assertTrue(problems.get(1).endsWith("got 'a*/requirements.txt'"), problems.get(1));
    assertTrue(problems.get(2).startsWith("<liveUpdate><runs><run>[2]<triggers><trigger>[3] must lie inside"), problems.get(2));
  }

  @Test
  void aMalformedTriggerDoesNotHideAnUnsyncedOne() {
    List<String> problems = module.problems(ConfigFixture.tutorial().run("make", "", "web/x"));

    assertEquals(2, problems.size(), String.join("\n", problems));
    assertTrue(problems.get(0).startsWith("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must be a path"), problems.get(0));
    assertTrue(problems.get(1).startsWith("<liveUpdate><runs><run>[2]<triggers><trigger>[2] must lie inside a <sync><from>"), problems.get(1));
  }

  @Test
  void triggerCoverageListsEverySyncSource() {
    String problem = module.problem(ConfigFixture.tutorial().sync("web", "/app/web").run("make", "deploy/x"));

    assertTrue(problem.contains("directory ('api', 'web')"), problem);
  }

  @Test
  void triggersAnywhereAreFineWhenTheWholeModuleIsSynced() throws Exception {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.getSyncs().clear();
    xml.sync(".", "/src").run("make", "**/requirements.txt");

    assertEquals(List.of("**/requirements.txt"), module.read(xml).runs().get(1).triggers());
  }

  @Test
  void triggerCoverageIsNotCheckedWhileSyncsAreBroken() {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.getSyncs().get(0).setTo("relative");

    String problem = module.problem(xml);

    assertTrue(problem.startsWith("<liveUpdate><syncs><sync>[1]<to>"), problem);
  }

  @Test
  void blankTriggerIsRejected() {
    String problem = module.problem(tutorialWithTrigger(" "));

    assertEquals("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must be a path or pattern"
        + " relative to the module, got nothing", problem);
  }

  @Test
  void triggerLeavingTheModuleIsRejected() {
    String problem = module.problem(tutorialWithTrigger("api/../../shared/req.txt"));

    assertEquals("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must lie inside the module directory "
        + module.basedir + ", got 'api/../../shared/req.txt'", problem);
  }

  @Test
  void dotDotAfterAWildcardIsRejected() {
    String problem = module.problem(tutorialWithTrigger("api/**/../x"));

    assertEquals("<liveUpdate><runs><run>[2]<triggers><trigger>[1] must not use '..' after a wildcard,"
        + " got 'api/**/../x'", problem);
  }

  @Test
  void fallBackOnPathMustNotBeBlank() {
    String problem = module.problem(ConfigFixture.tutorial().fallBackOn(""));

    assertEquals("<liveUpdate><fallBackOn><path>[2] must be a path or pattern relative to the module,"
        + " got nothing", problem);
  }

  @Test
  void fallBackOnPathMustStayInsideTheModule() {
    String outside = tempDir.resolve("other/pom.xml").toString();

    List<String> problems = module.problems(ConfigFixture.tutorial().fallBackOn("../pom.xml", outside));

    assertEquals(List.of(
        "<liveUpdate><fallBackOn><path>[2] must lie inside the module directory " + module.basedir
            + ", got '../pom.xml'",
        "<liveUpdate><fallBackOn><path>[3] must lie inside the module directory " + module.basedir
            + ", got '" + outside + "'"), problems);
  }

  @Test
  void fallBackOnNeedsNoSyncAndIsMadeRelative() throws Exception {
    LiveUpdateXml xml = ConfigFixture.tutorial()
        .fallBackOn(module.basedir.resolve("deploy/api.dockerfile").toString(), "src/main/java/**/*.java");

    assertEquals(List.of("pom.xml", "deploy/api.dockerfile", "src/main/java/**/*.java"),
        module.read(xml).fallBackOn());
  }

  @Test
  void ignoreMustNotBeBlank() {
    LiveUpdateXml xml = ConfigFixture.tutorial();
    xml.getIgnores().add(null);

    String problem = module.problem(xml);

    assertEquals("<liveUpdate><ignores><ignore>[2] must be a path or pattern relative to the module,"
        + " got nothing", problem);
  }

  @Test
  void ignoresAreNormalisedMavenPatterns() throws Exception {
    LiveUpdateXml xml = ConfigFixture.tutorial().ignore("./api/*.tmp", "web\\dist\\", "**/.cache/");

    assertEquals(List.of("**/*.pyc", "api/*.tmp", "web/dist", "**/.cache/**"), module.read(xml).ignores());
  }

  @Test
  void ignoreFileAddsItsPatternsAndItselfAfterThePomOnes() throws Exception {
    java.nio.file.Files.writeString(module.basedir.resolve(".liveupdateignore"), String.join("\n",
        "# generated by the front-end build",
        "web/dist/",
        "",
        "  ./api/*.bak  ",
        "**/node_modules"));

    assertEquals(List.of("**/*.pyc", ".liveupdateignore", "web/dist", "api/*.bak",
        "**/node_modules"), module.read(ConfigFixture.tutorial()).ignores());
  }

  @Test
  void ignoreFileProblemsNameTheFileAndLine() throws Exception {
    java.nio.file.Files.writeString(module.basedir.resolve(".liveupdateignore"),
        "ok/\n!keep.txt\n../outside/**\n");

    List<String> problems = module.problems(ConfigFixture.tutorial());

    assertEquals(2, problems.size(), problems.toString());
    assertEquals(".liveupdateignore line 2 must be a pattern to ignore; negations are not"
        + " supported (narrow the pattern that covers the path instead), got '!keep.txt'",
        problems.get(0));
    assertTrue(problems.get(1).startsWith(".liveupdateignore line 3 "), problems.get(1));
  }

  private static LiveUpdateXml tutorialWithTrigger(String trigger) {
    return ConfigFixture.tutorial().run("make", trigger);
  }
}
