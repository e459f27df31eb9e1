package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternsTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}''")
  @CsvSource({
      "api/requirements.txt, api/requirements.txt",
      "api,                  api",
      "api,                  api/app.py",
      "api,                  api/static/logo.svg",
      "api/static,           api/static/logo.svg",
      "api/*.txt,            api/requirements.txt",
      "api/**/*.txt,         api/requirements.txt",
      "api/**/*.txt,         api/deep/er/notes.txt",
      "api/**,               api/static/logo.svg",
      "api/**,               api",
      "**/*.pyc,             app.pyc",
      "**/*.pyc,             api/__pycache__/app.cpython-312.pyc",
      "**/node_modules/**,   web/node_modules/react/index.js",
      "api/?pp.py,           api/app.py",
      "**,                   anything/at/all",
      "'%regex[api/.*\\.py]', api/app.py",
  })
  void matches(String pattern, String path) {
    assertTrue(PathPatterns.matches(pattern, path));
  }

  @ParameterizedTest(name = "''{0}'' does not match ''{1}''")
  @CsvSource({
      "api,                  api2/app.py",
      "api,                  apiary",
      "api/requirements.txt, api/requirements.txt.bak",
      "api/requirements.txt, web/api/requirements.txt",
      "api/*,                api/static/logo.svg",
      "api/*.txt,            api/app.py",
      "**/*.pyc,             api/app.py",
      "**/node_modules,      web/node_modules/react/index.js",
      "Api,                  api/app.py",
      "api/**/*.txt,         web/notes.txt",
      "'%regex[api/.*\\.py]', web/app.js",
  })
  void doesNotMatch(String pattern, String path) {
    assertFalse(PathPatterns.matches(pattern, path));
  }

  @Test
  void matchesAnyNeedsOnePatternToMatch() {
    assertTrue(PathPatterns.matchesAny(List.of("web", "pom.xml"), "pom.xml"));
    assertFalse(PathPatterns.matchesAny(List.of("web", "pom.xml"), "api/app.py"));
    assertFalse(PathPatterns.matchesAny(List.of(), "pom.xml"));
  }

  @ParameterizedTest(name = "fixed prefix of ''{0}'' is ''{1}''")
  @CsvSource({
      "api/requirements.txt, api/requirements.txt",
      "api/**/*.txt,         api",
      "api/static/*.svg,     api/static",
      "**/*.pyc,             ''",
      "a?i/x,                ''",
      "'%ant[api/**]',       api",
      "'%regex[api/.*]',     ''",
  })
  void fixedPrefix(String pattern, String prefix) {
    assertEquals(prefix, PathPatterns.fixedPrefix(pattern));
  }

  @ParameterizedTest(name = "''{0}'' has a wildcard: {1}")
  @CsvSource({
      "api/requirements.txt,  false",
      "api,                   false",
      "api/*.txt,             true",
      "a?i,                   true",
      "'%regex[api/.*]',      true",
      "'%ant[api]',           true",
  })
  void hasWildcard(String pattern, boolean expected) {
    assertEquals(expected, PathPatterns.hasWildcard(pattern));
  }

  @ParameterizedTest(name = "''{0}'' normalises to ''{1}''")
  @CsvSource({
      "./api/requirements.txt, api/requirements.txt",
      "'api\\static\\',    api/static",
      "api/**/,                api/**",
      "api/*/,                 api/*/**",
      "'  api/x/../app.py ',   api/app.py",
      "'.',                    '**'",
      "/work/module/deploy/,   deploy",
      "'%regex[api/.*]',       '%regex[api/.*]'",
      "'**/*.pyc',             '**/*.pyc'",
  })
  void normalise(String raw, String expected) {
    java.nio.file.Path base = java.nio.file.Path.of("/work/module");
    assertEquals(expected, PathPatterns.normalise(raw, base));
    assertEquals(expected, PathPatterns.normalise(expected, base), "a normalised one stays");
  }

  @ParameterizedTest(name = "''{0}'' is refused: {1}")
  @CsvSource({
      "'   ',          must be a path or pattern relative to the module",
      "../pom.xml,     must lie inside the module directory /work/module",
      "/etc/passwd,    must lie inside the module directory /work/module",
      "'api/*/../x',   must not use '..' after a wildcard",
  })
  void normaliseRefuses(String raw, String message) {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class,
        () -> PathPatterns.normalise(raw, java.nio.file.Path.of("/work/module")));
    assertEquals(message, e.getMessage());
  }
}
