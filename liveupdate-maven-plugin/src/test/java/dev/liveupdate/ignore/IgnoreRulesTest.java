package dev.liveupdate.ignore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgnoreRulesTest {

  private static final Path BASEDIR = Path.of("/work/project").toAbsolutePath();
  private static final Path TARGET = BASEDIR.resolve("target");

  private static IgnoreRules defaults() {
    return IgnoreRules.defaults(BASEDIR, TARGET);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".git",
        ".git/objects/ab/cdef",
        "api/.git/HEAD",
        ".svn/entries",
        "sub/.hg/store",
        "api/.app.py.swp",
        "api/.app.py.swo",
        "api/.app.py.swx",
        "api/app.py~",
        "api/4913",
        "api/.#app.py",
        "api/#app.py#",
        "api/upload.tmp",
        "api/app.py___jb_tmp___",
        "api/app.py___jb_old___",
        "api/.DS_Store",
        ".attach_pid4242",
        "api/.attach_pid1",
        "target",
        "target/classes/A.class",
      })
  void defaultsIgnore(String relative) {
    assertTrue(defaults().isIgnored(BASEDIR.resolve(relative)), relative);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "pom.xml",
        "api/app.py",
        "api/.gitignore",
        "api/.github/workflows/ci.yml",
        "api/app.swp",
        "api/49130",
        "api/attach_pid1",
        "api/tmp/x.py",
        "targets/x",
        "src/target/x",
      })
  void defaultsKeep(String relative) {
    assertFalse(defaults().isIgnored(BASEDIR.resolve(relative)), relative);
  }

  @Test
  void buildDirectoryThatIsASyncSourceIsWatched() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(TARGET), List.of());

    assertFalse(rules.isIgnored(TARGET));
    assertFalse(rules.isIgnored(TARGET.resolve("classes/A.class")));
  }

  @Test
  void buildDirectoryInsideASyncSourceIsWatched() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(BASEDIR), List.of());

    assertFalse(rules.isIgnored(TARGET.resolve("app.jar")));
  }

  @Test
  void syncSourceInsideBuildDirectoryKeepsOnlyItselfAndItsParents() {
    Path classes = TARGET.resolve("classes");
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(classes), List.of());

    assertTrue(rules.isIgnored(TARGET), "not reported itself");
    assertFalse(rules.ignoresEverythingBelow(TARGET), "but watched: it holds a sync source");
    assertFalse(rules.isIgnored(classes));
    assertFalse(rules.isIgnored(classes.resolve("dev/A.class")));
    assertTrue(rules.isIgnored(TARGET.resolve("generated-sources/B.java")));
    assertTrue(rules.isIgnored(TARGET.resolve("classes-other")));
    assertTrue(rules.isIgnored(classes.resolve(".A.class.swp")), "editor rules still apply");
  }

  @Test
  void configuredPatternsAreRelativeToBasedir() {
    IgnoreRules rules =
        IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("**/*.log", "api/cache/**", "docs/"));

    assertTrue(rules.isIgnored(BASEDIR.resolve("server.log")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("api/logs/server.log")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("api/cache")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("api/cache/a/b.bin")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("docs")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("docs/guide/index.md")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("api/app.py")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("api/docs/index.md")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("server.log.txt")));
    assertEquals(List.of("**/*.log", "api/cache/**", "docs"), rules.patterns(),
        "normalised by PathPatterns.normalise: a plain folder covers what is below it");
  }

  @Test
  void plainFolderPatternIgnoresEverythingBelowIt() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("node_modules"));

    assertTrue(rules.isIgnored(BASEDIR.resolve("node_modules/react/index.js")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("web/node_modules/react/index.js")));
  }

  @Test
  void wildcardPatternMatchesLikeMavenWithoutCoveringWhatIsBelowAMatchedFolder() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("api/*", "**/*.log"));

    assertTrue(rules.isIgnored(BASEDIR.resolve("api/app.py")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("api/static/x.css")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("archive.log")));
    assertFalse(rules.isIgnored(BASEDIR.resolve("archive.log/keep.txt")));
    assertFalse(rules.ignoresEverythingBelow(BASEDIR.resolve("api/static")));
    assertFalse(rules.ignoresEverythingBelow(BASEDIR.resolve("archive.log")));
  }

  @Test
  void foldersWhoseWholeContentIsIgnoredNeedNoWatching() {
    Path classes = TARGET.resolve("classes");
    IgnoreRules rules =
        IgnoreRules.of(
            BASEDIR,
            TARGET,
            List.of(classes),
            List.of("docs/", "node_modules", "**/build/**", "%regex[cache/.*]"));

    assertTrue(rules.ignoresEverythingBelow(BASEDIR.resolve("docs")));
    assertTrue(rules.ignoresEverythingBelow(BASEDIR.resolve("docs/guide")));
    assertTrue(rules.ignoresEverythingBelow(BASEDIR.resolve("node_modules")));
    assertTrue(rules.ignoresEverythingBelow(BASEDIR.resolve("web/build")));
    assertTrue(rules.ignoresEverythingBelow(BASEDIR.resolve(".git")));
    assertTrue(rules.ignoresEverythingBelow(TARGET.resolve("generated-sources")));
    assertFalse(rules.ignoresEverythingBelow(TARGET), "holds the sync source target/classes");
    assertFalse(rules.ignoresEverythingBelow(classes));
    assertFalse(rules.ignoresEverythingBelow(BASEDIR.resolve("web")));
    assertFalse(rules.ignoresEverythingBelow(BASEDIR.resolve("cache")), "a regex cannot tell");
    assertTrue(rules.isIgnored(BASEDIR.resolve("cache/x.bin")));
  }

  @Test
  void patternsAreNormalised() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(),
        List.of("./api\\cache\\", " " + BASEDIR + "/tmp/** ", "web/*/"));

    assertEquals(List.of("api/cache", "tmp/**", "web/*/**"), rules.patterns());
    assertTrue(rules.isIgnored(BASEDIR.resolve("api/cache/x")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("tmp/x")));
    assertTrue(rules.isIgnored(BASEDIR.resolve("web/dist/x.js")));
    assertThrows(IllegalArgumentException.class,
        () -> IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("  ")));
    assertThrows(IllegalArgumentException.class,
        () -> IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("/elsewhere/**")));
  }

  @Test
  void pathsOutsideBasedirOnlyHaveTheirNameChecked() {
    IgnoreRules rules = IgnoreRules.of(BASEDIR, TARGET, List.of(), List.of("**/*.py"));
    Path outside = Path.of("/work/shared-lib").toAbsolutePath();

    assertFalse(rules.isIgnored(outside.resolve("lib.py")), "patterns are relative to basedir");
    assertTrue(rules.isIgnored(outside.resolve("lib.py~")));
  }
}
