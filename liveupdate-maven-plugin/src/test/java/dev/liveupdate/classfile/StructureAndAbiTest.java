package dev.liveupdate.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Variants of one class compiled by javac: what a hot-swap may take ({@link Structure}) and what
 * dependents see ({@link Abi}).
 */
class StructureAndAbiTest {

  @TempDir Path dir;

  private static final String ORIGINAL = """
      package app;
      public class Foo extends Base implements Runnable {
        private int count;
        public static final int LIMIT = 10;
        public void run() { System.out.println("a"); }
        @Marker("x") public String name(int x) { return "n" + x; }
      }
      """;

  private int variants;

  private ClassFile foo(String source) throws IOException {
    return Compiled.compile(dir.resolve("v" + variants++),
        "app/Base.java", "package app; public class Base {}\n",
        "app/Marker.java", """
            package app;
            import java.lang.annotation.*;
            @Retention(RetentionPolicy.RUNTIME) public @interface Marker { String value(); }
            """,
        "app/Quiet.java", "package app; public @interface Quiet {}\n",
        "app/Foo.java", source).get("app/Foo");
  }

  private ClassFile original() throws IOException {
    return foo(ORIGINAL);
  }

  @Test
  void aBodyEditThatRenumbersTheConstantPoolKeepsStructureAndAbi() throws IOException {
    ClassFile before = original();
    ClassFile after = foo("""
        package app;
        public class Foo extends Base implements Runnable {
          private int count;
          public static final int LIMIT = 10;
          public void run() { System.out.println("new" + count + java.time.Instant.now()); }
          @Marker("x") public String name(int x) { return "m" + x + "!" + 3.5; }
        }
        """);

    assertEquals(List.of(), Structure.differences(before, after));
    assertTrue(Structure.sameStructure(before, after));
    assertEquals(Abi.of(before), Abi.of(after));
  }

  @Test
  void anAddedMethodIsNamedWithItsDescriptor() throws IOException {
    ClassFile after = foo(ORIGINAL.replace("public void run()",
        "public void bar(int n) {}\n  public void run()"));

    assertEquals(Optional.of("Foo: method added bar(I)V"),
        Structure.difference(original(), after));
    assertNotEquals(Abi.of(original()).fingerprint(), Abi.of(after).fingerprint());
  }

  @Test
  void privateMembersAreStructureButNotAbi() throws IOException {
    ClassFile before = original();
    ClassFile after = foo(ORIGINAL.replace("private int count;",
        "private void helper() {}"));

    assertEquals(List.of("Foo: field removed count", "Foo: method added helper()V"),
        Structure.differences(before, after));
    assertEquals(Abi.of(before), Abi.of(after));
  }

  @Test
  void aChangedRuntimeAnnotationIsStructureAndAbi() throws IOException {
    ClassFile before = original();
    ClassFile after = foo(ORIGINAL.replace("@Marker(\"x\")", "@Marker(\"y\")"));

    assertEquals(Optional.of("Foo: method name(I)Ljava/lang/String; changed: annotations"),
        Structure.difference(before, after));
    assertNotEquals(Abi.of(before).fingerprint(), Abi.of(after).fingerprint());
  }

  @Test
  void aClassRetentionAnnotationIsAbiOnly() throws IOException {
    ClassFile before = original();
    ClassFile after = foo(ORIGINAL.replace("public void run()", "@Quiet public void run()"));

    assertTrue(Structure.sameStructure(before, after), Structure.differences(before, after)
        .toString());
    assertNotEquals(Abi.of(before).fingerprint(), Abi.of(after).fingerprint());
  }

  @Test
  void hierarchyChangesAreNamed() throws IOException {
    ClassFile after = foo(ORIGINAL.replace("extends Base implements Runnable",
        "implements Runnable, Comparable<Foo>")
        .replace("public void run()", "public int compareTo(Foo o) { return 0; }\n"
            + "  public void run()"));

    List<String> reasons = Structure.differences(original(), after);
    assertEquals("Foo: superclass changed from app.Base to java.lang.Object", reasons.get(0));
    assertEquals("Foo: interfaces changed from [java.lang.Runnable] to [java.lang.Runnable, "
        + "java.lang.Comparable]", reasons.get(1));
    assertEquals("Foo: class generic signature changed", reasons.get(2));
    assertTrue(reasons.contains("Foo: method added compareTo(Lapp/Foo;)I"), reasons.toString());
    assertTrue(Structure.difference(original(), after).orElseThrow().endsWith("; and 2 more"),
        Structure.difference(original(), after).orElseThrow());
  }

  @Test
  void aConstantValueChangeIsStructureAndAConstantChangeForDependents() throws IOException {
    ClassFile before = original();
    ClassFile after = foo(ORIGINAL.replace("LIMIT = 10", "LIMIT = 20"));

    assertEquals(Optional.of("Foo: field LIMIT changed: constant value"),
        Structure.difference(before, after));
    assertTrue(Abi.of(before).constantsDiffer(Abi.of(after)));
    assertEquals("int 20", Abi.of(after).constants().get("LIMIT"));
  }

  @Test
  void modifiersAreNamed() throws IOException {
    ClassFile after = foo(ORIGINAL.replace("public String name", "public final String name"));

    assertEquals(Optional.of("Foo: method name(I)Ljava/lang/String; changed: modifiers public "
        + "to public final"), Structure.difference(original(), after));
  }

  @Test
  void aLambdaAddedToABodyAddsASyntheticMethod() throws IOException {
    ClassFile before = original();
    ClassFile after = foo(ORIGINAL.replace("System.out.println(\"a\");",
        "Runnable r = () -> System.out.println(\"a\"); r.run();"));

    List<String> reasons = Structure.differences(before, after);
    assertEquals(1, reasons.size(), reasons.toString());
    assertTrue(reasons.get(0).startsWith("Foo: method added lambda$run$0"), reasons.get(0));
    assertEquals(Abi.of(before), Abi.of(after), "a private synthetic method is not ABI");
  }

  @Test
  void memberOrderIsNeitherStructureNorAbi() throws IOException {
    ClassFile before = original();
    ClassFile after = foo("""
        package app;
        public class Foo extends Base implements Runnable {
          @Marker("x") public String name(int x) { return "n" + x; }
          public static final int LIMIT = 10;
          public void run() { System.out.println("a"); }
          private int count;
        }
        """);

    assertTrue(Structure.sameStructure(before, after));
    assertEquals(Abi.of(before), Abi.of(after));
    assertFalse(before.methods().equals(after.methods()), "the order did change");
  }
}
