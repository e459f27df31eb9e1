package dev.liveupdate.kube;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Bytes to UTF-8 lines, across frame boundaries, in bounded memory: a line longer than
 * {@link #MAX_LINE_BYTES} keeps its first bytes (never half a character) and says how many were
 * cut, so a command printing 50 MB without a line break costs {@value #MAX_LINE_BYTES} bytes here,
 * not 50 MB.
 */
final class LineSplitter {

  /** The longest line passed on, in bytes; longer ones are cut, saying how much. */
  static final int MAX_LINE_BYTES = 8 * 1024;

  private final Consumer<String> lines;
  private final byte[] partial = new byte[MAX_LINE_BYTES];
  private int length;
  private long cut;

  LineSplitter(Consumer<String> lines) {
    this.lines = lines;
  }

  /** The bytes of {@code frame} from {@code from} on. */
  synchronized void feed(byte[] frame, int from) {
    int start = from;
    for (int i = from; i < frame.length; i++) {
      if (frame[i] == '\n') {
        keep(frame, start, i);
        emit();
        start = i + 1;
      }
    }
    keep(frame, start, frame.length);
  }

  /** The command ended: a last line without a line break is passed on. */
  synchronized void finish() {
    if (length > 0 || cut > 0) {
      emit();
    }
  }

  private void keep(byte[] frame, int from, int to) {
    int room = Math.min(to - from, MAX_LINE_BYTES - length);
    System.arraycopy(frame, from, partial, length, room);
    length += room;
    cut += (to - from) - room;
  }

  private void emit() {
    String line;
    if (cut == 0) {
      line = new String(partial, 0, length, StandardCharsets.UTF_8);
    } else {
      int whole = wholeCharacters();
      line = new String(partial, 0, whole, StandardCharsets.UTF_8) + " … ["
          + String.format("%,d", cut + length - whole) + " more bytes of this line cut]";
    }
    length = 0;
    cut = 0;
    lines.accept(line);
  }

  /** How many of the kept bytes end on a character boundary: a cut never splits a character. */
  private int wholeCharacters() {
    int lead = length - 1;
    while (lead >= 0 && lead > length - 4 && (partial[lead] & 0xC0) == 0x80) {
      lead--; // continuation bytes of the last character
    }
    if (lead < 0) {
      return length;
    }
    int b = partial[lead] & 0xFF;
    int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return lead + size <= length ? length : lead;
  }
}
