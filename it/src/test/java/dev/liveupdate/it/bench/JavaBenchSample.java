package dev.liveupdate.it.bench;

import dev.liveupdate.it.cluster.PodInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Java sample of {@code src/it/projects} as {@link JavaLoopBench} edits it: the source whose
 * answer to {@code GET /} carries a word the benchmark changes on each save, so that what every
 * replica serves tells which save it runs.
 *
 * @param key its prefix in {@code results.json} ({@code javaPlain})
 * @param scenario the sample's folder ({@code java-plain}); also its Deployment's name
 * @param source the file edited, relative to the project
 * @param anchor the text of {@code source} that holds the word, with {@code %s} for it
 * @param original the sample's text in place of the anchor, as committed
 * @param answer what {@code GET /} answers, {@code %1$s} the word, {@code %2$s} the pod's name
 * @param devtools whether {@code spring-boot-devtools} is added to the copy's POM
 */
record JavaBenchSample(String key, String scenario, String source, String anchor, String original,
    String answer, boolean devtools) {

  /** The line a field is added after (both samples' greeting classes have it). */
  private static final String FIELD_AFTER = "  private final String host;\n";

  static JavaBenchSample plain() {
    return new JavaBenchSample("javaPlain", "java-plain", "src/main/java/demo/plain/Greeting.java",
        "\"%s from java-plain on \"", "\"Hello from java-plain on \"", "%s from java-plain on %s\n", false);
  }

  static JavaBenchSample spring() {
    return new JavaBenchSample("javaSpring", "java-spring",
        "src/main/java/demo/spring/GreetingController.java", "greeting + \" %s on \" + host",
        "greeting + \" on \" + host", "Hello from java-spring %s on %s\n", false);
  }

  /** The Spring sample with {@code spring-boot-devtools} on its runtime classpath (L1). */
  static JavaBenchSample springDevtools() {
    return new JavaBenchSample("javaSpringDevtools", "java-spring",
        "src/main/java/demo/spring/GreetingController.java", "greeting + \" %s on \" + host",
        "greeting + \" on \" + host", "Hello from java-spring %s on %s\n", true);
  }

  static JavaBenchSample named(String name) {
    return switch (name) {
      case "java-plain", "plain" -> plain();
      case "java-spring", "spring" -> spring();
      case "java-spring-devtools", "spring-devtools" -> springDevtools();
      default -> throw new IllegalArgumentException("-Dbench.javaSamples: no sample '" + name
          + "' (java-plain, java-spring, java-spring-devtools)");
    };
  }

  /** Before the first build: the word {@code v0} in place, devtools added if asked. */
  void prepare(Path project) throws IOException {
    replace(project.resolve(source), original, anchor.formatted("v0"));
    if (devtools) {
      replace(project.resolve("pom.xml"), "  <dependencies>\n", """
            <dependencies>
              <dependency>
                <groupId>org.springframework.boot</groupId>
                <artifactId>spring-boot-devtools</artifactId>
                <scope>runtime</scope>
              </dependency>
          """);
    }
  }

  /** A method body edit: the word {@code from} becomes {@code to}. */
  void editBody(Path project, String from, String to) throws IOException {
    replace(project.resolve(source), anchor.formatted(from), anchor.formatted(to));
  }

  /** A field added, {@code int benchField<n>}, and the word changed in the same save. */
  void addField(Path project, String from, String to, int n) throws IOException {
    Path file = project.resolve(source);
    String text = read(file);
    require(file, text, FIELD_AFTER);
    require(file, text, anchor.formatted(from));
    Files.writeString(file, text.replace(FIELD_AFTER, FIELD_AFTER + "  private int benchField" + n
        + ";\n").replace(anchor.formatted(from), anchor.formatted(to)), StandardCharsets.UTF_8);
  }

  /**
   * A dependency change in {@code pom.xml}: commons-io added when {@code add}, else the one added
   * before removed (both need a rebuild).
   */
  void changeDependency(Path project, boolean add) throws IOException {
    String dependency = """
            <dependency>
              <groupId>commons-io</groupId>
              <artifactId>commons-io</artifactId>
              <version>2.22.0</version>
            </dependency>
        """;
    Path pom = project.resolve("pom.xml");
    String text = read(pom);
    if (!text.contains("  <dependencies>\n")) {
      replace(pom, "  <build>\n", "  <dependencies>\n  </dependencies>\n\n  <build>\n");
      text = read(pom);
    }
    if (add) {
      replace(pom, "  <dependencies>\n", "  <dependencies>\n" + dependency);
    } else {
      replace(pom, dependency, "");
    }
  }

  /** What {@code pod} answers once it runs the save that put {@code word} in. */
  String answer(String word, PodInfo pod) {
    return answer.formatted(word, pod.name());
  }

  private static void replace(Path file, String from, String to) throws IOException {
    String text = read(file);
    require(file, text, from);
    Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
  }

  private static void require(Path file, String text, String part) {
    if (!text.contains(part)) {
      throw new AssertionError(file + " does not contain '" + part + "':\n" + text);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
