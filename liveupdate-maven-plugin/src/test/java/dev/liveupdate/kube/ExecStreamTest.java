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

  private void frame(int channel, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[body.length + 1];
    frame[0] = (byte) channel;
    System.arraycopy(body, 0, frame, 1, body.length);
    stream.bytesMessage(new ByteArrayInputStream(frame));
  }
}
