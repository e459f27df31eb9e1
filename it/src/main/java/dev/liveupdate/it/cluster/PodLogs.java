package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET pods/{name}/log}: the container's real output, read from its podman log file as the
 * kubelet reads a CRI log ({@link ContainerLog}), streamed as {@code text/plain} with chunked
 * encoding. Options: {@code container} (required when the pod has several), {@code follow} (until
 * the container stops), {@code previous} (the container a restart replaced), {@code timestamps},
 * {@code tailLines}, {@code sinceSeconds} or {@code sinceTime}, {@code limitBytes}; checked as
 * the API server checks PodLogOptions.
 */
final class PodLogs {
  private final ObjectStore store;
  private final PodRuntime runtime;
  private final BooleanSupplier stopped;

  PodLogs(ObjectStore store, PodRuntime runtime, BooleanSupplier stopped) {
    this.store = store;
    this.runtime = runtime;
    this.stopped = stopped;
  }

  void stream(ApiRequest request, Response response, Callback callback) throws IOException {
    ApiPath path = request.apiPath;
    ObjectNode pod = store.get(ResourceKind.PODS, path.namespace(), path.name());
    ContainerLog.Options options = options(request, path.name());
    String container = ExecEndpoint.containerName(pod, request.param("container"));
    boolean previous = request.flag("previous");
    String containerId = (previous ? runtime.previousContainerId(path.namespace(), path.name(), container)
        : runtime.containerId(path.namespace(), path.name(), container)).orElseThrow(() -> previous
        ? KubeApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + path.name()
            + "\" not found")
        : KubeApiException.badRequest("container \"" + container + "\" in pod \"" + path.name()
            + "\" is waiting to start: " + waitingReason(pod, container)));
    Podman.Result inspect = Podman.tryRun(List.of("inspect", "--type", "container", "--format",
        "{{.HostConfig.LogConfig.Path}}", containerId), null);
    if (inspect.exitCode() != 0 || inspect.stdout().isBlank()) {
      throw KubeApiException.badRequest("container \"" + container + "\" in pod \"" + path.name()
          + "\" has no log: " + inspect.stderr().strip());
    }
    Path file = Path.of(inspect.stdout().strip());
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, private");
    try {
      write(response, new byte[0], false); // the headers go now, as the kubelet's flushing writer sends them
      ContainerLog.copy(file, options, () -> runtime.isRunning(containerId), stopped,
          bytes -> write(response, bytes, false));
      write(response, new byte[0], true);
      callback.succeeded();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    } catch (IOException | RuntimeException e) {
      callback.failed(e);
    }
  }

  private static void write(Response response, byte[] bytes, boolean last) throws IOException {
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, ByteBuffer.wrap(bytes), blocker);
      blocker.block();
    }
  }

  /** PodLogOptions from the query, validated as the API server validates them. */
  private static ContainerLog.Options options(ApiRequest request, String pod) {
    Long tail = number(request, "tailLines");
    Long limit = number(request, "limitBytes");
    Long sinceSeconds = number(request, "sinceSeconds");
    String sinceTime = request.param("sinceTime");
    List<String> errors = new ArrayList<>();
    if (tail != null && tail < 0) {
      errors.add("tailLines: Invalid value: " + tail + ": must be greater than or equal to 0");
    }
    if (limit != null && limit < 1) {
      errors.add("limitBytes: Invalid value: " + limit + ": must be greater than 0");
    }
    if (sinceSeconds != null && sinceTime != null) {
      errors.add("<nil>: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
    } else if (sinceSeconds != null && sinceSeconds < 1) {
      errors.add("sinceSeconds: Invalid value: " + sinceSeconds + ": must be greater than 0");
    }
    if (!errors.isEmpty()) {
      String message = "PodLogOptions \"" + pod + "\" is invalid: " + (errors.size() == 1 ? errors.get(0)
          : "[" + String.join(", ", errors) + "]");
      throw new KubeApiException(422, "Invalid", message, Json.object().put("name", pod).put("kind", "PodLogOptions"));
    }
    Instant since = null;
    if (sinceSeconds != null) {
      since = Instant.now().minusSeconds(sinceSeconds);
    } else if (sinceTime != null) {
      try {
        since = OffsetDateTime.parse(sinceTime).toInstant();
      } catch (DateTimeParseException e) {
        throw KubeApiException.badRequest("parsing time \"" + sinceTime + "\" as \"2006-01-02T15:04:05Z07:00\": "
            + e.getMessage());
      }
    }
    return new ContainerLog.Options(tail == null ? -1 : tail, limit == null ? -1 : limit, since,
        request.flag("follow"), request.flag("timestamps"));
  }

  private static Long number(ApiRequest request, String name) {
    String value = request.param(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw KubeApiException.badRequest("strconv.ParseInt: parsing \"" + value + "\": invalid syntax (" + name + ")");
    }
  }

  private static String waitingReason(JsonNode pod, String container) {
    for (JsonNode status : pod.path("status").path("containerStatuses")) {
      if (container.equals(status.path("name").asText())) {
        return status.path("state").path("waiting").path("reason").asText("ContainerCreating");
      }
    }
    return "ContainerCreating";
  }
}
