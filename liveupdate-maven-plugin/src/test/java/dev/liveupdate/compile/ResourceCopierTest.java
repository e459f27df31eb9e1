package dev.liveupdate.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource roots and target/classes on disk. */
class ResourceCopierTest {

  @TempDir Path base;

  private Path write(String relative, String content) throws IOException {
    Path file = base.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private Path out(String relative) {
    return base.resolve("target/classes").resolve(relative);
  }

  private ResourceCopier copier(ResourceRoot... roots) throws IOException {
    return new ResourceCopier(List.of(roots), base.resolve("target/classes"));
  }

  @Test
  void copiesWhatDiffersAndLeavesEqualCopiesAlone() throws IOException {
    write("src/main/resources/app.properties", "a=1");
    write("src/main/resources/static/index.html", "<p>hi</p>");
    ResourceCopier copier = copier(ResourceRoot.plain(base.resolve("src/main/resources")));
    assertEquals(Set.of(out("app.properties"), out("static/index.html")),
        copier.copyAll().written());
    Files.setLastModifiedTime(out("static/index.html"), FileTime.fromMillis(1000));
    Path props = write("src/main/resources/app.properties", "a=2");

    ResourceCopier.Result result = copier.update(
        List.of(props, base.resolve("src/main/resources/static")), List.of());

    assertEquals(Set.of(out("app.properties")), result.written());
    assertEquals("a=2", Files.readString(out("app.properties")));
    assertEquals(FileTime.fromMillis(1000), Files.getLastModifiedTime(out("static/index.html")));
  }

  @Test
  void targetPathIncludesExcludesAndMavenDefaultExcludes() throws IOException {
    write("conf/a.yaml", "a");
    write("conf/secret.yaml", "s");
    write("conf/notes.txt", "n");
    write("conf/a.yaml~", "backup");
    write("conf/.git/config", "git");
    ResourceCopier copier = copier(new ResourceRoot(base.resolve("conf"), Optional.of("config"),
        List.of("**/*.yaml", "**/*~", ".git/"), List.of("secret*"), false));

    ResourceCopier.Result result = copier.copyAll();

    assertEquals(Set.of(out("config/a.yaml")), result.written());
    assertFalse(Files.exists(out("config/secret.yaml")));
  }

  @Test
  void deletedResourcesTakeTheirCopiesButNeverAClassFile() throws IOException {
    write("src/main/resources/app/messages.properties", "m");
    write("src/main/resources/app/other.properties", "o");
    write("target/classes/app/Main.class", "compiled");
    ResourceCopier copier = copier(ResourceRoot.plain(base.resolve("src/main/resources")));
    copier.copyAll();
    Path dir = base.resolve("src/main/resources/app");
    Files.delete(dir.resolve("messages.properties"));
    Files.delete(dir.resolve("other.properties"));
    Files.delete(dir);

    ResourceCopier.Result result = copier.update(List.of(), List.of(dir));

    assertEquals(Set.of(out("app/messages.properties"), out("app/other.properties")),
        result.deleted());
    assertTrue(Files.isRegularFile(out("app/Main.class")));
  }

  @Test
  void theLaterRootWinsAndTheEarlierComesBackWhenItGoes() throws IOException {
    write("first/app.properties", "first");
    Path second = write("second/app.properties", "second");
    ResourceCopier copier = copier(ResourceRoot.plain(base.resolve("first")),
        ResourceRoot.plain(base.resolve("second")));
    copier.copyAll();
    assertEquals("second", Files.readString(out("app.properties")));
    Files.delete(second);

    ResourceCopier.Result result = copier.update(List.of(), List.of(second));

    assertEquals(Set.of(out("app.properties")), result.written());
    assertEquals("first", Files.readString(out("app.properties")));
  }

  @Test
  void aFilteredRootIsReportedNotCopiedAndItsDeletionsApply() throws IOException {
    Path version = write("filtered/version.txt", "${project.version}");
    Path old = write("filtered/old.txt", "old");
    write("target/classes/old.txt", "old");
    ResourceRoot filtered = new ResourceRoot(base.resolve("filtered"), Optional.empty(),
        List.of(), List.of(), true);
    ResourceCopier copier = copier(filtered);
    assertEquals(List.of(filtered), copier.filteredRoots());
    Files.delete(old);

    ResourceCopier.Result result = copier.update(List.of(version), List.of(old));

    assertEquals(Set.of(version), result.filtered());
    assertEquals(Set.of(), result.written());
    assertEquals(Set.of(out("old.txt")), result.deleted());
    assertFalse(Files.exists(out("version.txt")));
  }

  @Test
  void aFilteredRootIsCopiedThroughTheFilterAndOnlyWhenTheResultDiffers() throws IOException {
    Path props = write("src/main/resources/application.properties", "greeting=@greeting@");
    ResourceRoot filtered = new ResourceRoot(base.resolve("src/main/resources"), Optional.empty(),
        List.of(), List.of(), true);
    ResourceFilter replace = (from, to) -> Files.writeString(to,
        Files.readString(from).replace("@greeting@", "hello"));
    ResourceCopier copier = new ResourceCopier(List.of(filtered), base.resolve("target/classes"),
        Optional.of(replace));

    assertEquals(Set.of(out("application.properties")), copier.copyAll().written());
    assertEquals("greeting=hello", Files.readString(out("application.properties")));
    assertTrue(copier.filteredRoots().isEmpty(), "nothing is left to the caller");

    Files.writeString(props, "greeting=@greeting@");
    assertTrue(copier.update(List.of(props), List.of()).isEmpty(), "same result: not rewritten");
    Files.writeString(props, "greeting=@greeting@!");
    ResourceCopier.Result changed = copier.update(List.of(props), List.of());
    assertEquals(Set.of(out("application.properties")), changed.written());
    assertEquals("greeting=hello!", Files.readString(out("application.properties")));
    try (var left = Files.list(base.resolve("target/classes"))) {
      assertEquals(List.of(out("application.properties")), left.toList(), "no temporary file");
    }
  }
}
