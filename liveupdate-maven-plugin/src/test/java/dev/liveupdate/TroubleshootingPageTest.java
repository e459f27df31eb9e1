package dev.liveupdate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the troubleshooting page ({@code src/site/markdown/troubleshooting.md}) honest: every
 * message the plugin's main code passes to a failure or a warning a user reads — configuration
 * problems, cluster failures (permanent or not), build failures, image build failures, the
 * engine's and the watcher's warnings — must be on the page. A message is recognised by its longest literal part (the text
 * between its variable parts), which the page quotes as the user sees it, with {@code {braces}}
 * for the variable parts; a message without a literal of {@value #MEANINGFUL} characters (one
 * that passes another's message on) is not looked for. Whitespace is compared loosely, so the
 * page may wrap its lines anywhere.
 */
class TroubleshootingPageTest {

  /** The constructors and calls whose arguments are a message a user reads. */
  static final Pattern MESSAGE_CALL = Pattern.compile("[pP]roblems\\.add\\(|new BadPath\\("
      + "|new PermanentClusterException\\("
      + "|new ClusterException\\(|new MojoExecutionException\\(|new MojoFailureException\\("
      + "|Failures\\.of\\(|new DevEvent\\.Warning\\(|new ImageBuildException\\(|\\.onWarning\\(");

  /** Literal parts shorter than this say nothing of their own (": ", " (exit "). */
  static final int MEANINGFUL = 8;

  private static final Path BASEDIR = Path.of(System.getProperty("basedir", "."));
  private static final Path SOURCES = BASEDIR.resolve("src/main/java");
  private static final Path PAGE = BASEDIR.resolve("../src/site/markdown/troubleshooting.md");

  /** One message of the sources: where it is, and the part the page must quote. */
  record Message(String where, String longestLiteral) {}

  @Test
  void everyMessageOfTheMainCodeIsOnThePage() throws IOException {
    List<Message> messages = messages(SOURCES);
    List<Message> missing = missing(messages, Files.readString(PAGE, StandardCharsets.UTF_8));

    assertTrue(missing.isEmpty(), missing.size() + " message(s) without an entry in "
        + PAGE.normalize() + " (quote each as the user sees it, {braces} for its variable"
        + " parts):\n" + joined(missing));
  }

  @Test
  void theScanFindsTheMessagesOfEveryKindAcrossLines() throws IOException {
    List<String> literals = messages(SOURCES).stream().map(Message::longestLiteral).toList();

    // far fewer would mean the scan broke, not that the plugin says less
    assertTrue(literals.size() >= 60, "only " + literals.size() + " messages found: " + literals);
    // a permanent cluster failure written across three lines, with a ternary in it
    assertTrue(literals.contains(
        " in the kubeconfig is wrong or expired; log in again and restart"),
        String.join("\n", literals));
    // a configuration problem, a build failure, a warning, a watcher warning
    assertTrue(literals.contains(" (<from> a local directory <to> a container directory), got none"));
    assertTrue(literals.contains("liveupdate:sync: the rebuild failed (see above)"));
    assertTrue(literals.contains("<liveUpdate> configuration it started with (the image it "
        + "rebuilds included); "));
    assertTrue(literals.contains("; it is looked at again on its next change: "));
  }

  @Test
  void aMessageMissingFromThePageIsReported() {
    String source = """
        class Example {
          void run(char c) throws Exception {
            String s = String.valueOf(')') + "(";
            throw new PermanentClusterException("the flux capacitor " + name(s, '"') // a ( "
                + " is not charged (" + (c == 'x' ? "\\"" : "") + ") at all" /* ) " */);
          }
          void warn() {
            listener.on(new DevEvent.Warning("said on the page, " + x));
            throw new MojoFailureException(e.getMessage(), e);
          }
        }
        """;
    List<Message> messages = messages("Example.java", source);

    assertEquals(List.of(new Message("Example.java:4", "the flux capacitor "),
        new Message("Example.java:8", "said on the page, ")), messages);
    assertEquals(List.of(messages.get(0)),
        missing(messages, "- `said on\n  the page, {x}` — and what to do"));
  }

  static List<Message> missing(List<Message> messages, String page) {
    String text = loose(page);
    return messages.stream().filter(m -> !text.contains(loose(m.longestLiteral()).trim()))
        .toList();
  }

  static List<Message> messages(Path sources) throws IOException {
    List<Message> messages = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        messages.addAll(messages(sources.relativize(file).toString(),
            Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    return messages;
  }

  /** The messages of one source file whose longest literal part is meaningful. */
  static List<Message> messages(String name, String source) {
    List<Message> messages = new ArrayList<>();
    Matcher call = MESSAGE_CALL.matcher(source);
    while (call.find()) {
      if (inComment(source, call.start())) {
        continue;
      }
      String longest = literals(source, call.end()).stream()
          .max((a, b) -> Integer.compare(a.trim().length(), b.trim().length())).orElse("");
      if (longest.trim().length() >= MEANINGFUL) {
        int line = (int) source.substring(0, call.start()).chars().filter(ch -> ch == '\n')
            .count() + 1;
        messages.add(new Message(name + ":" + line, longest));
      }
    }
    return messages;
  }

  /** The string literals of a call's arguments, from after its opening parenthesis. */
  private static List<String> literals(String source, int from) {
    List<String> literals = new ArrayList<>();
    int depth = 1;
    int i = from;
    while (depth > 0 && i < source.length()) {
      char c = source.charAt(i);
      if (c == '"') {
        StringBuilder literal = new StringBuilder();
        i++;
        while (source.charAt(i) != '"') {
          if (source.charAt(i) == '\\') {
            literal.append(unescape(source.charAt(i + 1)));
            i += 2;
          } else {
            literal.append(source.charAt(i++));
          }
        }
        literals.add(literal.toString());
      } else if (c == '\'') {
        i = source.indexOf('\'', source.charAt(i + 1) == '\\' ? i + 3 : i + 2);
      } else if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i);
      } else if (source.startsWith("/*", i)) {
        i = source.indexOf("*/", i) + 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      i++;
    }
    return literals;
  }

  private static char unescape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case '0' -> '\0';
      default -> c;
    };
  }

  /** Whether the position is on a line comment or a Javadoc/block comment line. */
  private static boolean inComment(String source, int at) {
    int lineStart = source.lastIndexOf('\n', at) + 1;
    String before = source.substring(lineStart, at).trim();
    return before.startsWith("*") || before.startsWith("/*") || before.contains("//");
  }

  /** Runs of whitespace as one space: the page wraps its lines where it likes. */
  private static String loose(String text) {
    return text.replaceAll("\\s+", " ");
  }

  private static String joined(List<Message> messages) {
    return messages.stream().map(m -> m.where() + ": " + m.longestLiteral())
        .collect(Collectors.joining("\n"));
  }
}
