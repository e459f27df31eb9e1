package dev.liveupdate.classfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class files javac wrote, read back. */
class ClassFileTest {

  @TempDir Path dir;

  private static final String SHAPES = """
      package geo;
      import java.io.Serializable;
      import java.util.List;
      import java.util.Map;
      @Deprecated
      public final class Shapes<T extends Number> extends java.util.AbstractList<T>
          implements Serializable, Comparable<Shapes<T>> {
        public static final int SIDES = 4;
        public static final String NAME = "shapes";
        private static final long SEED = 42L;
        protected transient Map<String, List<Shapes.Point>> byName;
        static class Point {}
        @Override public T get(int index) { return null; }
        @Override public int size() { return Helper.count(); }
        public int compareTo(Shapes<T> other) throws IllegalStateException { return 0; }
        public <R extends Runnable> R run(R task, @Deprecated int times) { return task; }
      }
      class Helper { static int count() { return 0; } }
      """;

  @Test
  void readsHierarchyMembersConstantsAndSource() throws IOException {
    Map<String, ClassFile> classes = Compiled.compile(dir, "geo/Shapes.java", SHAPES);
    ClassFile shapes = classes.get("geo/Shapes");

    assertEquals("java/util/AbstractList", shapes.superName());
    assertEquals(List.of("java/io/Serializable", "java/lang/Comparable"), shapes.interfaces());
    assertEquals(0x0001 | 0x0010 | 0x0020, shapes.access());
    assertEquals(Optional.of("Shapes.java"), shapes.sourceFile());
    assertEquals("geo/Shapes.java", shapes.sourcePath());
    assertEquals("geo/Shapes.java", classes.get("geo/Helper").sourcePath());
    assertEquals("geo/Shapes.java", classes.get("geo/Shapes$Point").sourcePath());
    assertEquals(Optional.of("<T:Ljava/lang/Number;>Ljava/util/AbstractList<TT;>;"
        + "Ljava/io/Serializable;Ljava/lang/Comparable<Lgeo/Shapes<TT;>;>;"), shapes.signature());
    assertTrue(shapes.annotations().get("RuntimeVisibleAnnotations")
        .contains("@Ljava/lang/Deprecated;"));
    assertEquals(4, shapes.field("SIDES").orElseThrow().constantValue());
    assertEquals("shapes", shapes.field("NAME").orElseThrow().constantValue());
    assertEquals(42L, shapes.field("SEED").orElseThrow().constantValue());
    assertNull(shapes.field("byName").orElseThrow().constantValue());
    assertEquals(Optional.of("Ljava/util/Map<Ljava/lang/String;Ljava/util/List<Lgeo/Shapes$Point;>;>;"),
        shapes.field("byName").orElseThrow().signature());
    Member compareTo = shapes.method("compareTo", "(Lgeo/Shapes;)I").orElseThrow();
    assertEquals("java/lang/IllegalStateException", compareTo.attributes().get("Exceptions"));
    Member run = shapes.method("run", "(Ljava/lang/Runnable;I)Ljava/lang/Runnable;")
        .orElseThrow();
    assertEquals("task/0,times/0", run.attributes().get("MethodParameters"));
    assertTrue(run.annotations().containsKey("RuntimeVisibleParameterAnnotations"));
    assertTrue(shapes.method("compareTo", "(Ljava/lang/Object;)I").orElseThrow().isSynthetic(),
        "the bridge method is read");
  }

  @Test
  void namesEveryClassItReferences() throws IOException {
    ClassFile shapes = Compiled.compile(dir, "geo/Shapes.java", SHAPES).get("geo/Shapes");

    // constant pool classes, descriptors, signatures only (Point, Map), code (Helper)
    for (String name : List.of("java/util/AbstractList", "java/io/Serializable",
        "java/lang/Comparable", "java/lang/Number", "java/util/Map", "java/util/List",
        "geo/Shapes$Point", "geo/Helper", "java/lang/Runnable", "java/lang/Deprecated",
        "java/lang/IllegalStateException")) {
      assertTrue(shapes.referencedClasses().contains(name), name + " in "
          + shapes.referencedClasses());
    }
    assertFalse(shapes.referencedClasses().contains("geo/Shapes"), "not itself");
  }

  @Test
  void readsRecordsSealedTypesAndEnums() throws IOException {
    Map<String, ClassFile> classes = Compiled.compile(dir, "p/Shape.java", """
        package p;
        public sealed interface Shape permits Shape.Circle, Shape.Kind {
          record Circle(double radius) implements Shape {}
          enum Kind implements Shape { ROUND, SQUARE }
        }
        """);

    assertEquals("p/Shape$Circle,p/Shape$Kind",
        classes.get("p/Shape").attributes().get("PermittedSubclasses"));
    assertEquals("radius:D{}", classes.get("p/Shape$Circle").attributes().get("Record"));
    assertEquals("p/Shape", classes.get("p/Shape$Kind").attributes().get("NestHost"));
    assertTrue(classes.get("p/Shape$Kind").field("ROUND").isPresent());
  }

  @Test
  void refusesWhatIsNotAClassFile() {
    ClassFormatException notOne = assertThrows(ClassFormatException.class,
        () -> ClassFile.read("not a class".getBytes()));
    assertEquals("not a class file (magic 0x6e6f7420)", notOne.getMessage());
    ClassFormatException truncated = assertThrows(ClassFormatException.class,
        () -> ClassFile.read(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0}));
    assertTrue(truncated.getMessage().startsWith("truncated class file"), truncated.getMessage());
  }
}
