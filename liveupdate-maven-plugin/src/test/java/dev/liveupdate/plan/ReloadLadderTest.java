package dev.liveupdate.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.classfile.ClassFile;
import dev.liveupdate.compile.ClassChange;
import dev.liveupdate.config.JavaApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ladder's decision on class files javac really wrote, before and after an edit. */
class ReloadLadderTest {

  private static final Optional<JavaApp> APP = Optional.of(new JavaApp(
      List.of("/app/classes", "/app/resources"), List.of(Path.of("/work/m/pom.xml"))));
  private static final String V1 = "package demo; public class Greeter {"
      + " public String greet() { return \"hello\"; } }";
  private static final String BODY = "package demo; public class Greeter {"
      + " public String greet() { return \"hello again\"; } }";
  private static final String FIELD = "package demo; public class Greeter { int count;"
      + " public String greet() { return \"hello\" + count++; } }";
  private static final String SIGNATURE = "package demo; public class Greeter {"
      + " public String greet(String who) { return \"hello \" + who; } }";

  @TempDir Path dir;
  private final Map<Path, ClassChange> changes = new HashMap<>();
  private final Set<Path> asked = new HashSet<>();
  private boolean devTools;
  private final ReloadLadder ladder = new ReloadLadder(new ClassHistory() {
    @Override
    public Optional<ClassChange> planned(Path classFile) {
      asked.add(classFile);
      return Optional.ofNullable(changes.get(classFile));
    }

    @Override
    public boolean devTools() {
      return devTools;
    }
  });

  @Test
  void aMethodBodyEditIsHotSwappedFirstThenRestarted() throws IOException {
    FileCopy greeter = edit(V1, BODY);

    Reload.Ladder reload = (Reload.Ladder) decide(List.of(greeter), List.of());

    assertEquals(List.of(Reload.Level.HOT_SWAP, Reload.Level.RESTART), reload.levels());
    assertEquals(List.of(new Reload.SwapClass("demo.Greeter", "/app/classes/demo/Greeter.class")),
        reload.classes());
    assertEquals("", reload.passed());
    assertEquals(Set.of(greeter.local()), asked, "the change is marked planned");
  }

  @Test
  void withDevToolsTheLadderHasThreeRungs() throws IOException {
    devTools = true;
    Reload.Ladder reload = (Reload.Ladder) decide(List.of(edit(V1, BODY)), List.of());
    assertEquals(List.of(Reload.Level.HOT_SWAP, Reload.Level.DEVTOOLS, Reload.Level.RESTART),
        reload.levels());
  }

  @Test
  void aFieldAddedPassesTheHotSwapOverAndSaysWhy() throws IOException {
    Reload.Ladder reload = (Reload.Ladder) decide(List.of(edit(V1, FIELD)), List.of());

    assertEquals(List.of(Reload.Level.RESTART), reload.levels());
    assertEquals(List.of(), reload.classes());
    assertEquals("Greeter: field added count", reload.passed());
  }

  @Test
  void aSignatureChangeWithDevToolsGoesToDevToolsThenRestart() throws IOException {
    devTools = true;
    Reload.Ladder reload = (Reload.Ladder) decide(List.of(edit(V1, SIGNATURE)), List.of());

    assertEquals(List.of(Reload.Level.DEVTOOLS, Reload.Level.RESTART), reload.levels());
    assertTrue(reload.passed().startsWith("Greeter: method removed greet()"), reload.passed());
    assertTrue(reload.passed().contains("method added greet(Ljava/lang/String;)"), reload.passed());
  }

  @Test
  void anAddedClassADeletedClassAResourceOrAnUnknownVersionIsNoHotSwap() throws IOException {
    FileCopy body = edit(V1, BODY);
    FileCopy added = copy(compile("add", "package demo; public class Helper {}", "Helper"),
        "Helper");
    changes.put(added.local(), new ClassChange(added.local(), null,
        ClassFile.read(added.local())));
    assertEquals("Helper: class added", passed(List.of(body, added), List.of()));
    assertEquals("Old.class: class deleted", passed(List.of(body),
        List.of("/app/classes/demo/Old.class")));
    FileCopy properties = new FileCopy(dir.resolve("application.properties"), dir,
        "/app/resources/application.properties");
    assertEquals("application.properties: resource changed",
        passed(List.of(body, properties), List.of()));
    FileCopy unknown = copy(compile("unknown", "package demo; public class Other {}", "Other"),
        "Other");
    assertEquals("Other.class: previous version unknown (and 1 more)",
        passed(List.of(body, unknown, properties), List.of()));
  }

  @Test
  void filesOutsideTheClassLoadersDirectoriesReloadNothing() {
    assertEquals(Reload.NONE, decide(List.of(new FileCopy(dir.resolve("greeting.txt"), dir,
        "/etc/demo/greeting.txt")), List.of()));
    assertEquals(Reload.NONE, new ReloadLadder(null).decide(Optional.empty(), List.of(
        new FileCopy(dir.resolve("x.class"), dir, "/app/classes/x.class")), List.of()));
  }

  @Test
  void moreClassesThanOneRequestTakesAreRestarted() throws IOException {
    FileCopy greeter = edit(V1, BODY);
    List<FileCopy> many = new java.util.ArrayList<>();
    for (int i = 0; i <= ReloadLadder.MAX_SWAP; i++) {
      many.add(new FileCopy(greeter.local(), dir, "/app/classes/demo/G" + i + ".class"));
    }
    assertEquals((ReloadLadder.MAX_SWAP + 1) + " classes changed, more than one hot-swap takes ("
        + ReloadLadder.MAX_SWAP + ")", passed(many, List.of()));
  }

  private String passed(List<FileCopy> copies, List<String> deleted) {
    Reload.Ladder reload = (Reload.Ladder) decide(copies, deleted);
    assertEquals(List.of(Reload.Level.RESTART), reload.levels());
    return reload.passed();
  }

  private Reload decide(List<FileCopy> copies, List<String> deleted) {
    return ladder.decide(APP, copies, deleted);
  }

  /** Greeter compiled from {@code before}, then from {@code after}: the change the compile reports. */
  private FileCopy edit(String before, String after) throws IOException {
    Path old = compile("before", before, "Greeter");
    Path now = compile("after", after, "Greeter");
    FileCopy copy = copy(now, "Greeter");
    changes.put(copy.local(), new ClassChange(copy.local(), ClassFile.read(old),
        ClassFile.read(now)));
    return copy;
  }

  private FileCopy copy(Path classFile, String simpleName) {
    return new FileCopy(classFile, dir, "/app/classes/demo/" + simpleName + ".class");
  }

  private Path compile(String round, String source, String simpleName) throws IOException {
    Path src = dir.resolve(round).resolve("src/demo/" + simpleName + ".java");
    Path out = dir.resolve(round).resolve("out");
    Files.createDirectories(src.getParent());
    Files.writeString(src, source);
    int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
        src.toString());
    assertEquals(0, rc, "javac compiles " + source);
    return out.resolve("demo/" + simpleName + ".class").toAbsolutePath().normalize();
  }
}
