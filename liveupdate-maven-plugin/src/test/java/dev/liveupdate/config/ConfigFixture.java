package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import dev.liveupdate.config.xml.LiveUpdateXml;
import dev.liveupdate.config.xml.TargetXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A module directory shaped like Tilt's avatars tutorial ({@code api/}, {@code web/},
 * {@code pom.xml}) and helpers to read configuration against it.
 */
final class ConfigFixture {

  static final Duration QUIET = Duration.ofMillis(50);
  static final Duration MAX_WAIT = Duration.ofSeconds(2);

  final Path basedir;

  ConfigFixture(Path tempDir) {
    this.basedir = tempDir.resolve("module");
    write("pom.xml", "<project/>");
    write("api/app.py", "print('hi')");
    write("api/requirements.txt", "flask");
    write("api/static/logo.svg", "<svg/>");
    write("web/index.html", "<html/>");
    dir("target/classes");
  }

  /** The tutorial's configuration: valid as it is, tests break one thing at a time. */
  static LiveUpdateXml tutorial() {
    LiveUpdateXml xml = new LiveUpdateXml();
    xml.setTarget(TargetXml.deployment("tilt-avatar-api"));
    return xml.sync("api", "/app/api")
        .run("pip install -r /app/requirements.txt", "api/requirements.txt")
        .fallBackOn("pom.xml")
        .ignore("**/*.pyc");
  }

  LiveUpdateConfig read(LiveUpdateXml xml) throws InvalidConfigException {
    return LiveUpdateConfigReader.read(xml, basedir, basedir.resolve("target"), QUIET, MAX_WAIT);
  }

  /** The problems reading {@code xml} reports; fails if it is accepted. */
  List<String> problems(LiveUpdateXml xml) {
    return assertThrows(InvalidConfigException.class, () -> read(xml)).problems();
  }

  /** The single problem reading {@code xml} reports; fails if there are none or several. */
  String problem(LiveUpdateXml xml) {
    List<String> problems = problems(xml);
    if (problems.size() != 1) {
      fail("expected exactly one problem, got " + problems.size() + ":\n" + String.join("\n", problems));
    }
    return problems.get(0);
  }

  void write(String relative, String content) {
    try {
      Path file = basedir.resolve(relative);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void dir(String relative) {
    try {
      Files.createDirectories(basedir.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
