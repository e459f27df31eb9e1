package dev.liveupdate.it.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** {@code GET pods/{name}/log}: {@code podman logs} of the container, streamed as text/plain. */
final class PodLogs {
  private PodLogs() {}

  static void stream(ApiRequest request, String containerId, Response response, Callback callback) throws IOException {
    List<String> args = new ArrayList<>(List.of("logs"));
    if (request.flag("follow")) {
      args.add("--follow");
    }
    if (request.param("tailLines") != null) {
      args.addAll(List.of("--tail", Integer.toString(Integer.parseInt(request.param("tailLines")))));
    }
    if (request.flag("timestamps")) {
      args.add("--timestamps");
    }
    args.add(containerId);
    Process process = new ProcessBuilder(Podman.command(args))
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    request.jetty.addFailureListener(failure -> process.destroy());
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    try (InputStream out = process.getInputStream()) {
      byte[] buffer = new byte[8192];
      int read;
      while ((read = out.read(buffer)) >= 0) {
        try (Blocker.Callback blocker = Blocker.callback()) {
          response.write(false, ByteBuffer.wrap(buffer, 0, read), blocker);
          blocker.block();
        }
      }
      try (Blocker.Callback blocker = Blocker.callback()) {
        response.write(true, ByteBuffer.allocate(0), blocker);
        blocker.block();
      }
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    } finally {
      process.destroy();
    }
  }
}
