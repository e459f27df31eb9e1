package dev.liveupdate.supervisor;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream entry by entry, never more of the input than the archive holds: ustar headers
 * (with the {@code prefix} field), POSIX pax extended headers ({@code path}, {@code linkpath},
 * {@code size}, {@code mtime}: what commons-compress writes with {@code LONGFILE_POSIX} and
 * {@code BIGNUMBER_POSIX}), GNU long names ({@code L}, {@code K}) and GNU base-256 numbers. Every
 * header's checksum is checked. The archive ends with a block of zeros; the one that follows it is
 * read too, and nothing after that.
 */
final class TarReader {

  static final int BLOCK = 512;
  /** Pax and GNU long-name data larger than this is refused: no name is that long. */
  static final int MAX_META = 1 << 20;

  /** One entry's header, with pax and GNU long names applied. */
  static final class Entry {
    final String name;
    final char type;
    final long size;
    final int mode;
    final long mtimeMillis;
    final String linkName;

    Entry(String name, char type, long size, int mode, long mtimeMillis, String linkName) {
      this.name = name;
      this.type = type;
      this.size = size;
      this.mode = mode;
      this.mtimeMillis = mtimeMillis;
      this.linkName = linkName;
    }

    boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }
  }

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private long left;
  private long padding;
  private int count;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, skipping what is left of the previous one's data; null at the end of the archive. */
  Entry next() throws IOException {
    skip(left + padding);
    left = 0;
    padding = 0;
    Map<String, String> pax = new HashMap<>();
    String longName = null;
    String longLink = null;
    while (true) {
      if (!readBlock(header)) {
        throw new EOFException("the tar stream ends without its end-of-archive block, after " + count + " entries");
      }
      if (isZeros(header)) {
        readBlock(new byte[BLOCK]); // the second end-of-archive block
        return null;
      }
      checkChecksum();
      char type = (char) (header[156] & 0xff);
      long size = number(124, 12, "size");
      if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
        if (size > MAX_META) {
          throw new IOException("a tar extended header of " + size + " bytes is more than " + MAX_META);
        }
        byte[] data = readData(size);
        if (type == 'x') {
          pax.putAll(paxRecords(data));
        } else if (type == 'L') {
          longName = cString(data, 0, data.length);
        } else if (type == 'K') {
          longLink = cString(data, 0, data.length);
        } // 'g': global defaults; nothing this reader uses is meaningful there
        continue;
      }
      String name = cString(header, 0, 100);
      if (cString(header, 257, 5).equals("ustar")) {
        String prefix = cString(header, 345, 155);
        name = prefix.isEmpty() ? name : prefix + "/" + name;
      }
      name = pax.getOrDefault("path", longName != null ? longName : name);
      String link = pax.getOrDefault("linkpath", longLink != null ? longLink : cString(header, 157, 100));
      if (pax.containsKey("size")) {
        size = parseLong(pax.get("size"), "pax size");
      }
      long mtime = number(136, 12, "mtime") * 1000;
      if (pax.containsKey("mtime")) {
        mtime = (long) (Double.parseDouble(pax.get("mtime")) * 1000);
      }
      int mode = (int) number(100, 8, "mode");
      boolean hasData = type != '1' && type != '2' && type != '3' && type != '4' && type != '5' && type != '6';
      left = hasData ? size : 0;
      padding = hasData ? (BLOCK - size % BLOCK) % BLOCK : 0;
      count++;
      return new Entry(name, type, hasData ? size : 0, mode, mtime, link);
    }
  }

  /** Reads up to {@code length} bytes of the current entry's data; -1 at its end. */
  int read(byte[] buffer, int offset, int length) throws IOException {
    if (left == 0) {
      return -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, left));
    if (n < 0) {
      throw new EOFException("the tar stream ends inside an entry's data");
    }
    left -= n;
    return n;
  }

  private byte[] readData(long size) throws IOException {
    byte[] data = new byte[(int) size];
    readFully(data, data.length);
    skip((BLOCK - size % BLOCK) % BLOCK);
    return data;
  }

  private static Map<String, String> paxRecords(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int at = 0;
    while (at < data.length) {
      int space = at;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length = (int) parseLong(new String(data, at, space - at, StandardCharsets.US_ASCII), "pax record length");
      if (length <= space - at || at + length > data.length || data[at + length - 1] != '\n') {
        throw new IOException("a malformed pax record at byte " + at + " of an extended header");
      }
      String record = new String(data, space + 1, at + length - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals < 0) {
        throw new IOException("a pax record without '=': " + record);
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      at += length;
    }
    return records;
  }

  private void checkChecksum() throws IOException {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    long stored = number(148, 8, "checksum");
    if (sum != stored) {
      throw new IOException("not a tar stream: header checksum " + stored + " does not match " + sum
          + " (after " + count + " entries)");
    }
  }

  /** An octal field, or a GNU base-256 one (high bit of its first byte set). */
  private long number(int offset, int length, String field) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      long value = header[offset] & 0x7f;
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (header[offset + i] & 0xff);
      }
      return value;
    }
    String text = cString(header, offset, length).trim();
    if (text.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(text, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar stream: the " + field + " field is '" + text + "'", e);
    }
  }

  private static long parseLong(String text, String what) throws IOException {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IOException("a bad " + what + " '" + text + "' in a tar extended header", e);
    }
  }

  private static String cString(byte[] bytes, int offset, int length) {
    int end = offset;
    while (end < offset + length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static boolean isZeros(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** @return false at end of input before the block's first byte */
  private boolean readBlock(byte[] block) throws IOException {
    int n = in.read(block, 0, BLOCK);
    if (n < 0) {
      return false;
    }
    if (n < BLOCK) {
      readFullyFrom(block, n, BLOCK);
    }
    return true;
  }

  private void readFully(byte[] data, int length) throws IOException {
    readFullyFrom(data, 0, length);
  }

  private void readFullyFrom(byte[] data, int from, int length) throws IOException {
    for (int at = from; at < length; ) {
      int n = in.read(data, at, length - at);
      if (n < 0) {
        throw new EOFException("the tar stream ends inside a block");
      }
      at += n;
    }
  }

  private void skip(long bytes) throws IOException {
    byte[] scratch = new byte[8192];
    for (long rest = bytes; rest > 0; ) {
      int n = in.read(scratch, 0, (int) Math.min(scratch.length, rest));
      if (n < 0) {
        throw new EOFException("the tar stream ends inside an entry's data");
      }
      rest -= n;
    }
  }
}
