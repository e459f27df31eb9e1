package dev.liveupdate.compile;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One message of javac.
 *
 * @param kind {@code error}, {@code warning} or {@code note}, as javac prints it
 * @param source the file it is about, when it is about one
 * @param line 1-based, or 0 when not about a line
 * @param text the message as javac prints it: {@code path:line: error: message}, the source
 *     line and a caret under the position, then the message's further lines
 */
public record CompileDiagnostic(String kind, Optional<Path> source, long line, String text) {

  public boolean isError() {
    return kind.equals("error");
  }

  @Override
  public String toString() {
    return text;
  }
}
