package dev.liveupdate.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module whose annotation processor (built here from source) generates a class per type. */
class ProcessorCompileTest {

  @TempDir Path base;

  private JavaModule module;
  private Path processorPath;
  private IncrementalCompiler compiler;

  @BeforeEach
  void module() throws IOException {
    processorPath = buildProcessor(base.resolve("processor"));
    module = new JavaModule(base.resolve("module"));
    module.write("app/Generate.java", "package app; public @interface Generate {}\n");
    module.write("app/Thing.java", "package app; @Generate public class Thing {}\n");
    module.write("app/Plain.java", """
        package app;
        public class Plain { public static String origin() { return ThingGenerated.origin(); } }
        """);
    compiler = IncrementalCompiler.open(settings());
    CompileResult first = compiler.compileStale();
    assertTrue(first.success(), first.errorText());
  }

  @AfterEach
  void close() throws IOException {
    compiler.close();
  }

  private CompilerSettings settings() {
    return module.settings().withProcessorPath(List.of(processorPath), List.of());
  }

  @Test
  void everyCompileIsOfTheWholeModuleAndWritesOnlyWhatChanged() throws Exception {
    assertEquals(Optional.of("annotation processors run from the annotation processor path"),
        compiler.wholeModuleReason());
    assertEquals("Thing", module.call("app.ThingGenerated", "origin"));
    assertTrue(Files.isRegularFile(
        module.base.resolve("target/generated-sources/annotations/app/ThingGenerated.java")));
    Path plain = module.write("app/Plain.java", """
        package app;
        public class Plain { public static String origin() { return "plain"; } }
        """);

    CompileResult result = compiler.compile(List.of(plain), List.of());

    assertTrue(result.success(), result.errorText());
    assertTrue(result.fullRecompile().isPresent());
    assertEquals(3, result.compiled().size(), result.compiled().toString());
    assertEquals(Set.of(module.classFile("app/Plain")), result.written());
  }

  @Test
  void aDeletedAnnotatedSourceTakesItsGeneratedSourceAndClassAlong() throws Exception {
    Path plain = module.write("app/Plain.java", "package app; public class Plain {}\n");
    assertTrue(compiler.compile(List.of(plain), List.of()).success());
    Path thing = module.source("app/Thing.java");
    Files.delete(thing);

    CompileResult result = compiler.compile(List.of(), List.of(thing));

    assertTrue(result.success(), result.errorText());
    assertEquals(Set.of(module.classFile("app/Thing"), module.classFile("app/ThingGenerated")),
        result.deleted());
    assertFalse(Files.exists(
        module.base.resolve("target/generated-sources/annotations/app/ThingGenerated.java")));
  }

  @Test
  void aGeneratedClassNoLongerGeneratedIsNotSeenByTheCompile() throws Exception {
    Path thing = module.source("app/Thing.java");
    Files.delete(thing);

    CompileResult result = compiler.compile(List.of(), List.of(thing));

    assertFalse(result.success());
    assertTrue(result.errorText().contains("Plain.java:2: error: cannot find symbol"),
        result.errorText());
    assertTrue(Files.isRegularFile(module.classFile("app/ThingGenerated")), "output untouched");
  }

  @Test
  void processorsOnTheClasspathCountUnlessProcIsNone() throws IOException {
    CompilerSettings onClasspath = new CompilerSettings(List.of(module.sources),
        module.classes, List.of(processorPath), Optional.empty(), Optional.empty(),
        Optional.empty(), false, Optional.empty(), true, List.of(), List.of(), Optional.empty(),
        module.base.resolve("gen"), List.of(), List.of(), module.base.resolve("work"));
    CompilerSettings none = new CompilerSettings(List.of(module.sources), module.classes,
        List.of(processorPath), Optional.empty(), Optional.empty(), Optional.empty(), false,
        Optional.empty(), true, List.of(), List.of(), Optional.of("none"),
        module.base.resolve("gen"), List.of(), List.of(), module.base.resolve("work"));

    assertEquals(Runtime.version().feature() < 23
        ? Optional.of("annotation processors run from the classpath (processor)")
        : Optional.empty(), Processors.inPlay(onClasspath));
    assertEquals(Optional.empty(), Processors.inPlay(none));
  }

  /** Compiles a processor generating {@code <Name>Generated} for each {@code @app.Generate}. */
  static Path buildProcessor(Path dir) throws IOException {
    Path src = dir.resolve("src/proc/GenProcessor.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, """
        package proc;
        import java.io.IOException;
        import java.io.UncheckedIOException;
        import java.io.Writer;
        import java.util.Set;
        import javax.annotation.processing.AbstractProcessor;
        import javax.annotation.processing.RoundEnvironment;
        import javax.annotation.processing.SupportedAnnotationTypes;
        import javax.lang.model.SourceVersion;
        import javax.lang.model.element.Element;
        import javax.lang.model.element.TypeElement;
        @SupportedAnnotationTypes("app.Generate")
        public class GenProcessor extends AbstractProcessor {
          @Override public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
          }
          @Override public boolean process(Set<? extends TypeElement> annotations,
              RoundEnvironment env) {
            for (TypeElement a : annotations) {
              for (Element e : env.getElementsAnnotatedWith(a)) {
                String name = e.getSimpleName() + "Generated";
                try (Writer w = processingEnv.getFiler().createSourceFile("app." + name, e)
                    .openWriter()) {
                  w.write("package app; public class " + name + " { public static String"
                      + " origin() { return \\"" + e.getSimpleName() + "\\"; } }");
                } catch (IOException ex) {
                  throw new UncheckedIOException(ex);
                }
              }
            }
            return true;
          }
        }
        """);
    Path classes = dir.resolve("processor");
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), src.toString());
    assertEquals(0, rc, "the test processor compiles");
    Path service = classes.resolve(Processors.SERVICE);
    Files.createDirectories(service.getParent());
    Files.writeString(service, "proc.GenProcessor\n");
    return classes;
  }
}
