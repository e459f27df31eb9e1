package dev.liveupdate.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.compile.ClassChange.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real javac on small modules written to disk. */
class IncrementalCompilerTest {

  @TempDir Path base;

  private JavaModule module;
  private IncrementalCompiler compiler;

  @BeforeEach
  void module() throws IOException {
    module = new JavaModule(base);
    module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public int count() { return 1; }
        }
        """);
    module.write("app/Caller.java", """
        package app;
        public class Caller {
          public static long total() { return new Greeter().count() + 1; }
        }
        """);
    module.write("app/Unrelated.java", """
        package app;
        public class Unrelated {
          public static String name() { return "unrelated"; }
        }
        """);
    compiler = IncrementalCompiler.open(module.settings());
    CompileResult first = compiler.compileStale();
    assertTrue(first.success(), first.errorText());
  }

  @AfterEach
  void close() throws IOException {
    compiler.close();
  }

  @Test
  void aBodyEditCompilesThatFileOnlyAndWritesOnlyItsClass() throws Exception {
    Map<String, JavaModule.Snapshot> before = module.snapshot();
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello again"; }
          public int count() { return 1; }
        }
        """);

    CompileResult result = compiler.compile(List.of(greeter), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(greeter), result.compiled());
    assertEquals(Set.of(module.classFile("app/Greeter")), result.written());
    assertEquals(Kind.CHANGED, result.changes().get(0).kind());
    assertTrue(result.changes().get(0).notHotSwappable().isEmpty(),
        result.changes().get(0).notHotSwappable().toString());
    Map<String, JavaModule.Snapshot> after = module.snapshot();
    assertEquals(before.get("app/Caller.class"), after.get("app/Caller.class"));
    assertEquals(before.get("app/Unrelated.class"), after.get("app/Unrelated.class"));
    assertEquals("hello again", module.call("app.Greeter", "greet"));
  }

  @Test
  void aSignatureChangeCompilesTheClassesThatUseIt() throws Exception {
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public long count() { return 41; }
        }
        """);

    CompileResult result = compiler.compile(List.of(greeter), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(greeter, module.source("app/Caller.java")), result.compiled());
    assertEquals(2, result.rounds());
    assertEquals(Set.of(module.classFile("app/Greeter"), module.classFile("app/Caller")),
        result.written());
    assertEquals(42L, module.call("app.Caller", "total"));
  }

  @Test
  void aChangeToAnInheritedMethodCompilesTheCallersOfTheSubclass() throws Exception {
    module.write("app/Base.java",
        "package app; public class Base { public int m() { return 1; } }\n");
    module.write("app/Mid.java", "package app; public class Mid extends Base {}\n");
    module.write("app/User.java",
        "package app; public class User { public static long use() { return new Mid().m(); } }\n");
    assertTrue(compiler.compileStale().success());
    Path base = module.write("app/Base.java",
        "package app; public class Base { public long m() { return 2; } }\n");

    CompileResult result = compiler.compile(List.of(base), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(base, module.source("app/Mid.java"), module.source("app/User.java")),
        result.compiled());
    assertEquals(2L, module.call("app.User", "use"));
  }

  @Test
  void aConstantChangeCompilesItsReadersThroughAChain() throws Exception {
    module.write("app/Limits.java", """
        package app;
        public class Limits { public static final int MAX = 10; }
        """);
    module.write("app/Twice.java", """
        package app;
        public class Twice { public static final int MAX = Limits.MAX * 2; }
        """);
    module.write("app/Reader.java", """
        package app;
        public class Reader { public static int max() { return Twice.MAX; } }
        """);
    assertTrue(compiler.compileStale().success());
    assertEquals(20, module.call("app.Reader", "max"));
    Path limits = module.write("app/Limits.java", """
        package app;
        public class Limits { public static final int MAX = 50; }
        """);

    CompileResult result = compiler.compile(List.of(limits), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(limits, module.source("app/Twice.java"),
        module.source("app/Reader.java")), result.compiled());
    assertEquals(3, result.rounds());
    assertEquals(100, module.call("app.Reader", "max"));
  }

  @Test
  void aDeletedSourceTakesAllItsClassesAlong() throws Exception {
    Path outer = module.write("app/Outer.java", """
        package app;
        public class Outer {
          static class Inner {}
          Runnable task = new Runnable() { public void run() {} };
        }
        class Helper {}
        """);
    assertTrue(compiler.compile(List.of(outer), List.of()).success());
    Set<Path> classes = Set.of(module.classFile("app/Outer"), module.classFile("app/Outer$Inner"),
        module.classFile("app/Outer$1"), module.classFile("app/Helper"));
    classes.forEach(c -> assertTrue(Files.isRegularFile(c), c + " compiled"));
    Files.delete(outer);

    CompileResult result = compiler.compile(List.of(), List.of(outer));

    assertTrue(result.success(), result.errorText());
    assertEquals(classes, result.deleted());
    classes.forEach(c -> assertFalse(Files.exists(c), c + " deleted"));
    assertTrue(Files.isRegularFile(module.classFile("app/Greeter")));
  }

  @Test
  void aClassNoLongerDeclaredIsDeleted() throws Exception {
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public int count() { return 1; }
          Runnable task = new Runnable() { public void run() {} };
        }
        """);
    assertTrue(compiler.compile(List.of(greeter), List.of()).success());
    assertTrue(Files.isRegularFile(module.classFile("app/Greeter$1")));
    module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public int count() { return 1; }
        }
        """);

    CompileResult result = compiler.compile(List.of(greeter), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(module.classFile("app/Greeter$1")), result.deleted());
    assertFalse(Files.exists(module.classFile("app/Greeter$1")));
  }

  @Test
  void aRenamedSourceReplacesItsClassesAndItsUsersFollow() throws Exception {
    Path greeter = module.source("app/Greeter.java");
    Files.delete(greeter);
    Path welcomer = module.write("app/Welcomer.java", """
        package app;
        public class Welcomer {
          public static String greet() { return "hello"; }
          public int count() { return 1; }
        }
        """);
    Path caller = module.write("app/Caller.java", """
        package app;
        public class Caller {
          public static long total() { return new Welcomer().count() + 1; }
        }
        """);

    CompileResult result = compiler.compile(List.of(welcomer, caller), List.of(greeter));

    assertTrue(result.success(), result.errorText());
    assertFalse(Files.exists(module.classFile("app/Greeter")));
    assertTrue(Files.isRegularFile(module.classFile("app/Welcomer")));
    assertEquals(2L, module.call("app.Caller", "total"));
  }

  @Test
  void aDeletedClassStillUsedIsAnErrorNotAGhost() throws Exception {
    Path greeter = module.source("app/Greeter.java");
    Files.delete(greeter);

    CompileResult result = compiler.compile(List.of(), List.of(greeter));

    assertFalse(result.success());
    assertTrue(result.errorText().contains("Caller.java:3: error: cannot find symbol"),
        result.errorText());
    assertTrue(Files.isRegularFile(module.classFile("app/Greeter")), "output untouched");
  }

  @Test
  void anErrorLeavesTheOutputByteIdenticalAndReadsAsJavacPrintsIt() throws Exception {
    Map<String, JavaModule.Snapshot> before = module.snapshot();
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
        \tpublic static String greet() { return missing(); }
          public int count() { return 1; }
          public static int other() { return "text"; }
        }
        """);

    CompileResult result = compiler.compile(List.of(greeter), List.of());

    assertFalse(result.success());
    assertEquals(greeter + ":3: error: cannot find symbol\n"
        + "\tpublic static String greet() { return missing(); }\n"
        + "\t                                      ^\n"
        + "  symbol:   method missing()\n"
        + "  location: class app.Greeter\n"
        + greeter + ":5: error: incompatible types: java.lang.String cannot be converted to int\n"
        + "  public static int other() { return \"text\"; }\n"
        + "                                     ^\n"
        + "2 errors", result.errorText());
    assertEquals(List.of(), result.changes());
    assertEquals(before, module.snapshot());
  }

  @Test
  void theFixAfterAnErrorCompilesEverythingTheErrorHeldBack() throws Exception {
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
        }
        """);
    CompileResult broken = compiler.compile(List.of(greeter), List.of());
    assertFalse(broken.success());
    assertTrue(broken.errorText().contains("Caller.java:3: error: cannot find symbol"),
        broken.errorText());
    module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public int count() { return 7; }
        }
        """);

    CompileResult fixed = compiler.compile(List.of(greeter), List.of());

    assertTrue(fixed.success(), fixed.errorText());
    assertTrue(fixed.compiled().contains(module.source("app/Caller.java")), fixed.toString());
    assertEquals(8L, module.call("app.Caller", "total"));
  }

  @Test
  void aSourceAnIdeAlreadyCompiledIsNotCompiledAgain() throws Exception {
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "from the IDE"; }
          public int count() { return 1; }
        }
        """);
    Files.setLastModifiedTime(greeter, FileTime.fromMillis(System.currentTimeMillis() - 5000));
    module.compileLikeAnIde(greeter);

    CompileResult result = compiler.compile(List.of(greeter), List.of());

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(), result.compiled());
    assertEquals(Set.of(greeter), result.skipped());
    assertEquals(Set.of(module.classFile("app/Greeter")), result.written());
    assertEquals("from the IDE", module.call("app.Greeter", "greet"));
  }

  @Test
  void theDependentsOfAnIdeCompileAreCompiledUnlessTheIdeDidThemToo() throws Exception {
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public long count() { return 5; }
        }
        """);
    Files.setLastModifiedTime(greeter, FileTime.fromMillis(System.currentTimeMillis() - 5000));
    module.compileLikeAnIde(greeter);

    CompileResult onlyGreeter = compiler.compile(List.of(greeter), List.of());

    assertTrue(onlyGreeter.success(), onlyGreeter.errorText());
    assertEquals(Set.of(module.source("app/Caller.java")), onlyGreeter.compiled());
    assertEquals(6L, module.call("app.Caller", "total"));

    module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "hello"; }
          public int count() { return 9; }
        }
        """);
    Files.setLastModifiedTime(greeter, FileTime.fromMillis(System.currentTimeMillis() - 5000));
    module.compileLikeAnIde(greeter, module.source("app/Caller.java"));

    CompileResult both = compiler.compile(List.of(greeter), List.of());

    assertTrue(both.success(), both.errorText());
    assertEquals(Set.of(), both.compiled());
    assertEquals(Set.of(greeter, module.source("app/Caller.java")), both.skipped());
    assertEquals(10L, module.call("app.Caller", "total"));
  }

  @Test
  void atStartStaleAndRemovedSourcesAreFoundAndCompiled() throws Exception {
    compiler.close();
    Path greeter = module.write("app/Greeter.java", """
        package app;
        public class Greeter {
          public static String greet() { return "changed while away"; }
          public int count() { return 1; }
        }
        """);
    Path unrelated = module.source("app/Unrelated.java");
    Files.delete(unrelated);
    Path added = module.write("app/Added.java", "package app; public class Added {}\n");
    compiler = IncrementalCompiler.open(module.settings());

    assertEquals(Set.of(greeter, added), compiler.staleSources());
    assertEquals(Set.of(unrelated), compiler.removedSources());
    CompileResult result = compiler.compileStale();

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(module.classFile("app/Unrelated")), result.deleted());
    assertEquals("changed while away", module.call("app.Greeter", "greet"));
    assertEquals(Set.of(), compiler.staleSources());
    assertEquals(Set.of(), compiler.removedSources());
  }

  @Test
  void aModuleNeverCompiledIsStaleEverywhere() throws Exception {
    Path other = base.resolve("other");
    JavaModule fresh = new JavaModule(other);
    fresh.write("p/A.java", "package p; public class A {}\n");
    fresh.write("p/B.java", "package p; public class B extends A {}\n");
    try (IncrementalCompiler c = IncrementalCompiler.open(fresh.settings())) {
      assertEquals(Set.of(fresh.source("p/A.java"), fresh.source("p/B.java")), c.staleSources());
      CompileResult result = c.compileStale();
      assertTrue(result.success(), result.errorText());
      assertEquals(Set.of(fresh.classFile("p/A"), fresh.classFile("p/B")), result.written());
      Path b = fresh.write("p/B.java", "package p; public class B extends A { int x; }\n");

      CompileResult alone = c.compile(List.of(b), List.of());

      assertTrue(alone.success(), "B compiles against A's class file: " + alone.errorText());
      assertEquals(Set.of(b), alone.compiled());
    }
  }

  @Test
  void aClasspathDirectoryBuiltAfterStartIsSeen() throws Exception {
    Path sibling = base.resolve("sibling/target/classes");
    CompilerSettings settings = CompilerSettings.defaults(base.resolve("uses"), List.of(sibling));
    JavaModule uses = new JavaModule(base.resolve("uses"));
    uses.write("u/Main.java", "package u; public class Main {}\n");
    try (IncrementalCompiler c = IncrementalCompiler.open(settings)) {
      assertTrue(c.compileStale().success());
      JavaModule lib = new JavaModule(base.resolve("sibling"));
      lib.compileLikeAnIde(lib.write("l/Lib.java", "package l; public class Lib {}\n"));
      Path main = uses.write("u/Main.java", "package u; public class Main { l.Lib lib; }\n");

      CompileResult result = c.compile(List.of(main), List.of());

      assertTrue(result.success(), result.errorText());
    }
  }

  @Test
  void aClassMovedToAnotherSourceStays() throws Exception {
    Path unrelated = module.write("app/Unrelated.java", """
        package app;
        public class Unrelated {
          public static String name() { return Helper.NAME; }
        }
        class Helper { static String NAME = "moved"; }
        """);
    assertTrue(compiler.compile(List.of(unrelated), List.of()).success());
    module.write("app/Unrelated.java", """
        package app;
        public class Unrelated {
          public static String name() { return Helper.NAME; }
        }
        """);
    Path helper = module.write("app/Helper.java", """
        package app;
        class Helper { static String NAME = "moved"; }
        """);

    CompileResult result = compiler.compile(List.of(unrelated, helper), List.of());

    assertTrue(result.success(), result.errorText());
    assertTrue(Files.isRegularFile(module.classFile("app/Helper")));
    assertEquals("moved", module.call("app.Unrelated", "name"));
    assertFalse(result.deleted().contains(module.classFile("app/Helper")), result.toString());
  }
}
