package dev.liveupdate.compile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/** Turns javac's diagnostics into the text javac prints for them on the command line. */
final class DiagnosticText {

  private DiagnosticText() {}

  static CompileDiagnostic of(Diagnostic<? extends JavaFileObject> d,
      StandardJavaFileManager files) {
    String kind = switch (d.getKind()) {
      case ERROR -> "error";
      case WARNING, MANDATORY_WARNING -> "warning";
      default -> "note";
    };
    String message = d.getMessage(Locale.getDefault());
    JavaFileObject file = d.getSource();
    if (file == null) {
      return new CompileDiagnostic(kind, Optional.empty(), 0, kind + ": " + message);
    }
    Path path = pathOf(file, files);
    String first = message;
    String rest = "";
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      first = message.substring(0, newline);
      rest = message.substring(newline);
    }
    StringBuilder text = new StringBuilder();
    text.append(path == null ? file.getName() : path.toString());
    if (d.getLineNumber() > 0) {
      text.append(':').append(d.getLineNumber());
    }
    text.append(": ").append(kind).append(": ").append(first);
    if (d.getPosition() != Diagnostic.NOPOS) {
      appendSourceLine(text, file, d.getPosition());
    }
    text.append(rest);
    return new CompileDiagnostic(kind, Optional.ofNullable(path),
        Math.max(0, d.getLineNumber()), text.toString());
  }

  /** The line holding the position, and a caret under it (tabs kept, as javac does). */
  private static void appendSourceLine(StringBuilder text, JavaFileObject file, long position) {
    CharSequence content;
    try {
      content = file.getCharContent(true);
    } catch (IOException e) {
      return;
    }
    if (position > content.length()) {
      return;
    }
    int pos = (int) position;
    int start = pos;
    while (start > 0 && content.charAt(start - 1) != '\n' && content.charAt(start - 1) != '\r') {
      start--;
    }
    int end = pos;
    while (end < content.length() && content.charAt(end) != '\n' && content.charAt(end) != '\r') {
      end++;
    }
    text.append('\n').append(content, start, end).append('\n');
    for (int i = start; i < pos; i++) {
      text.append(content.charAt(i) == '\t' ? '\t' : ' ');
    }
    text.append('^');
  }

  private static Path pathOf(JavaFileObject file, StandardJavaFileManager files) {
    try {
      return files.asPath(file);
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return null;
    }
  }
}
