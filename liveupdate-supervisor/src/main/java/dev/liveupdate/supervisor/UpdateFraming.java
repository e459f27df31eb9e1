package dev.liveupdate.supervisor;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framing of the update stream {@link Receive} reads on its standard input, ahead of the tar:
 * the container paths to remove, each in UTF-8 followed by a NUL byte, then an empty entry (a lone
 * NUL) that ends the list; the tar follows at once. A path can hold any byte but NUL (line breaks
 * included), and no path is empty, so the framing is unambiguous:
 * <pre>
 * /app/classes/demo/Old.class \0 /app/resources/a\nb.txt \0 \0 TAR...
 * </pre>
 * Kept in this one class so that the plugin's writer and this reader can be aligned in one place.
 */
public final class UpdateFraming {

  /** No path is longer than Linux's PATH_MAX; a longer entry means the stream is not this framing. */
  static final int MAX_PATH = 4096;

  private UpdateFraming() {}

  /** Writes the removal list and its terminating empty entry; the caller writes the tar after it. */
  public static void writeRemovals(List<String> paths, OutputStream out) throws IOException {
    for (String path : paths) {
      if (path.isEmpty() || path.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a path to remove must be non-empty and hold no NUL: '" + path + "'");
      }
      out.write(path.getBytes(StandardCharsets.UTF_8));
      out.write(0);
    }
    out.write(0);
  }

  /** Reads the removal list up to and including its empty entry, and not a byte more. */
  static List<String> readRemovals(InputStream in) throws IOException {
    List<String> paths = new ArrayList<>();
    ByteArrayOutputStream path = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the update stream ends inside its removal list, after " + paths.size()
            + " path(s): no empty entry ended it");
      }
      if (b != 0) {
        if (path.size() >= MAX_PATH) {
          throw new IOException("a path to remove is longer than " + MAX_PATH + " bytes: not a removal list");
        }
        path.write(b);
      } else if (path.size() == 0) {
        return paths;
      } else {
        paths.add(new String(path.toByteArray(), StandardCharsets.UTF_8));
        path.reset();
      }
    }
  }
}
