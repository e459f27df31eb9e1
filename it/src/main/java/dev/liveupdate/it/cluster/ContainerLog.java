package dev.liveupdate.it.cluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * Reads a container's log file in the CRI format podman's {@code k8s-file} driver writes
 * ({@code 2026-01-02T03:04:05.123456789+00:00 stdout F text}) the way the kubelet's
 * {@code ReadLogs} does: {@code tailLines} counts records from the end, then records older than
 * {@code since} are skipped; a partial record ({@code P}) has no newline of its own; with
 * {@code timestamps} each record is prefixed with its time in RFC 3339 with 9 fraction digits;
 * {@code limitBytes} cuts the output; stdout and stderr interleave in file order. Following, it
 * waits for the file to grow and ends once the container no longer runs and the file is drained.
 */
final class ContainerLog {
  private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final long POLL_MILLIS = 50;

  /** The kubelet's log options (tail −1 and limit −1 mean all). */
  record Options(long tail, long limitBytes, Instant since, boolean follow, boolean timestamps) {}

  /** Where the output goes; a write may block, and fails when the client has gone. */
  interface Sink {
    void write(byte[] bytes) throws IOException;
  }

  private ContainerLog() {}

  /**
   * Copies the log to {@code out}. {@code running} says whether the container still runs;
   * {@code stopped} ends a follow early (the double is closing).
   */
  static void copy(Path file, Options options, BooleanSupplier running, BooleanSupplier stopped, Sink out)
      throws IOException, InterruptedException {
    try (RandomAccessFile log = new RandomAccessFile(file.toFile(), "r")) {
      log.seek(options.tail() < 0 ? 0 : tailStart(log, options.tail()));
      long remaining = options.limitBytes() < 0 ? Long.MAX_VALUE : options.limitBytes();
      long records = options.tail() >= 0 && !options.follow() ? options.tail() : Long.MAX_VALUE;
      ByteArrayOutputStream pending = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      boolean lastRead = false;
      while (true) {
        int read = log.read(buffer);
        if (read < 0) {
          if (!options.follow() || lastRead || stopped.getAsBoolean()) {
            if (!options.follow() && pending.size() > 0) {
              remaining = emit(pending.toByteArray(), options, remaining, out); // an incomplete last line
            }
            return;
          }
          lastRead = !running.getAsBoolean(); // drain once more after the container stopped
          if (!lastRead) {
            Thread.sleep(POLL_MILLIS);
          }
          continue;
        }
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        for (int i = 0; i < read; i++) {
          pending.write(buffer[i]);
          if (buffer[i] == '\n') {
            if (records > 0 && remaining > 0) {
              remaining = render(pending.toByteArray(), options, remaining, chunk);
              records--;
            }
            pending.reset();
          }
        }
        if (chunk.size() > 0) {
          out.write(chunk.toByteArray());
        }
        if (remaining <= 0 || records <= 0) {
          return;
        }
      }
    }
  }

  private static long emit(byte[] line, Options options, long remaining, Sink out) throws IOException {
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    long left = render(line, options, remaining, chunk);
    if (chunk.size() > 0) {
      out.write(chunk.toByteArray());
    }
    return left;
  }

  /** Renders one record into {@code out}; returns the bytes left under limitBytes. */
  private static long render(byte[] line, Options options, long remaining, ByteArrayOutputStream out) {
    String text = new String(line, StandardCharsets.UTF_8);
    int first = text.indexOf(' ');
    int second = first < 0 ? -1 : text.indexOf(' ', first + 1);
    int third = second < 0 ? -1 : text.indexOf(' ', second + 1);
    if (third < 0) {
      return remaining; // not a CRI record: the kubelet logs and skips it
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(text.substring(0, first)).toInstant();
    } catch (DateTimeParseException e) {
      return remaining;
    }
    if (options.since() != null && time.isBefore(options.since())) {
      return remaining;
    }
    boolean partial = text.substring(second + 1, third).split(":")[0].equals("P");
    int contentStart = text.substring(0, third + 1).getBytes(StandardCharsets.UTF_8).length;
    int contentEnd = partial && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    if (options.timestamps()) {
      record.writeBytes((OUT.format(time) + " ").getBytes(StandardCharsets.UTF_8));
    }
    record.write(line, contentStart, contentEnd - contentStart);
    byte[] bytes = record.toByteArray();
    int length = (int) Math.min(bytes.length, remaining);
    out.write(bytes, 0, length);
    return remaining - length;
  }

  /** The offset of the {@code lines}-th line from the end (the kubelet's tail.FindTailLineStartIndex). */
  private static long tailStart(RandomAccessFile log, long lines) throws IOException {
    Deque<Long> starts = new ArrayDeque<>();
    long length = log.length();
    long position = 0;
    log.seek(0);
    byte[] buffer = new byte[64 * 1024];
    boolean atLineStart = true;
    while (position < length) {
      int read = log.read(buffer);
      if (read < 0) {
        break;
      }
      for (int i = 0; i < read; i++) {
        if (atLineStart) {
          starts.addLast(position + i);
          if (starts.size() > lines) {
            starts.removeFirst();
          }
        }
        atLineStart = buffer[i] == '\n';
      }
      position += read;
    }
    return lines == 0 ? length : starts.isEmpty() ? length : starts.peekFirst();
  }
}
