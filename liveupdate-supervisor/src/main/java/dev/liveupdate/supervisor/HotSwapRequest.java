package dev.liveupdate.supervisor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The content of a hot-swap request ({@code ID.hotswap}): UTF-8 text, one class per line, each line
 * {@code BINARY_NAME SP PATH LF}, where BINARY_NAME is the class's name as {@link Class#getName()}
 * gives it ({@code com.example.Foo$Bar}, no white space) and PATH, to the end of the line, the
 * absolute path of its new class file in the container. At least one line. For example:
 * <pre>
 * com.example.Greeter /app/classes/com/example/Greeter.class
 * com.example.Greeter$1 /app/classes/com/example/Greeter$1.class
 * </pre>
 */
final class HotSwapRequest {

  /** One line: a class and where its new bytes are. */
  static final class Entry {
    final String className;
    final String path;

    Entry(String className, String path) {
      this.className = className;
      this.path = path;
    }
  }

  private HotSwapRequest() {}

  /** @throws IllegalArgumentException naming the line that is not {@code NAME PATH} */
  static List<Entry> parse(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the class list does not end with a line break: cut short?");
    }
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty() && text.isEmpty()) {
        break;
      }
      int space = line.indexOf(' ');
      String name = space < 0 ? line : line.substring(0, space);
      String path = space < 0 ? "" : line.substring(space + 1);
      if (name.isEmpty() || !path.startsWith("/") || name.chars().anyMatch(Character::isWhitespace)
          || path.indexOf('\r') >= 0 || path.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("line " + (i + 1) + " of the class list must be"
            + " 'BINARY_NAME /ABSOLUTE/PATH.class', got '" + line + "'");
      }
      entries.add(new Entry(name, path));
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("the class list is empty");
    }
    return Collections.unmodifiableList(entries);
  }

  /** The content for these classes, in the format {@link #parse} reads. */
  static byte[] format(List<Entry> entries) {
    StringBuilder text = new StringBuilder();
    for (Entry entry : entries) {
      text.append(entry.className).append(' ').append(entry.path).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
