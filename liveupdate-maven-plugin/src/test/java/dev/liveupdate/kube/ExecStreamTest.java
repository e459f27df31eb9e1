package dev.liveupdate.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.kube.Cluster.OutputLine;
import io.kubernetes.client.openapi.JSON;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** The channel framing and status parsing, frame by frame as the API server sends them. */
class ExecStreamTest {

  private final List<OutputLine> lines = new CopyOnWriteArrayList<>();
  private final ExecStream stream = new ExecStream(new JSON(), lines::add);

  @Test
  void linesSpanFramesAndStderrIsKeptForMessages() throws Exception {
    frame(1, "hel");
    frame(1, "lo\nwor");
    frame(2, "oops\n");
    frame(3, "{\"metadata\":{},\"status\":\"Success\"}");
    stream.close();

    assertEquals(List.of(new OutputLine("hello", false), new OutputLine("oops", true),
        new OutputLine("wor", false)), lines);
    assertEquals(0, stream.exit.get());
    assertEquals("oops", stream.stderrTail());
  }

  @Test
  void nonZeroExitCodeComesFromTheStatusCause() throws Exception {
    frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with "
        + "non-zero exit code\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":"
        + "[{\"reason\":\"ExitCode\",\"message\":\"137\"}]}}");

    assertEquals(137, stream.exit.get());
  }

  @Test
  void otherFailureHasNoExitCode() throws Exception {
    frame(3, "{\"metadata\":{},\"status\":\"Failure\",\"message\":\"container not found\","
        + "\"reason\":\"InternalError\"}");

    assertEquals(-1, stream.exit.get());
  }

  @Test
  void closeWithoutStatusOrRefusedUpgradeFailsInsteadOfHanging() {
    stream.failure(new java.net.ProtocolException("Expected HTTP 101 response but was '403'"));
    stream.close();

    ExecutionException e = assertThrows(ExecutionException.class, stream.opened::get);
    assertEquals("Expected HTTP 101 response but was '403'", e.getCause().getMessage());
    assertThrows(ExecutionException.class, stream.exit::get);
  }

  @Test
  void fiftyMegabytesOnOneLineFromARealProcessAreCutToABoundedLineSayingHowMuch()
      throws Exception {
    long size = 50L * 1024 * 1024;
    Process process = new ProcessBuilder("sh", "-c",
        "head -c " + size + " /dev/zero | tr '\\0' x; printf '\\nnext\\n'").start();
    long fed = 0;
    try (var out = process.getInputStream()) {
      byte[] buffer = new byte[32 * 1024]; // the API server's frames
      for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
        byte[] frame = new byte[n + 1];
        frame[0] = 1;
        System.arraycopy(buffer, 0, frame, 1, n);
        stream.bytesMessage(new ByteArrayInputStream(frame));
        fed += n;
      }
    }
    assertEquals(0, process.waitFor());
    stream.close();

    assertEquals(size + 6, fed, "the process printed the 50 MB, a line break and 'next'");
    assertEquals(2, lines.size());
    String first = lines.get(0).text();
    assertEquals("x".repeat(LineSplitter.MAX_LINE_BYTES) + " … [" + String.format("%,d",
        size - LineSplitter.MAX_LINE_BYTES) + " more bytes of this line cut]", first);
    assertEquals(new OutputLine("next", false), lines.get(1));
  }

  @Test
  void aCutNeverSplitsACharacterAndAnUnendedLongLineIsCutAtTheEnd() {
    byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8); // 3 bytes
    int keep = LineSplitter.MAX_LINE_BYTES - 1; // the euro sign would straddle the cap
    frame(2, "a".repeat(keep) + "\u20ac" + "b".repeat(10));
    stream.close();

    assertEquals(1, lines.size());
    assertEquals("a".repeat(keep) + " … [" + (euro.length + 10) + " more bytes of this line cut]",
        lines.get(0).text());
    assertEquals(lines.get(0).text(), stream.stderrTail());
  }

  private void frame(int channel, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[body.length + 1];
    frame[0] = (byte) channel;
    System.arraycopy(body, 0, frame, 1, body.length);
    stream.bytesMessage(new ByteArrayInputStream(frame));
  }
}
