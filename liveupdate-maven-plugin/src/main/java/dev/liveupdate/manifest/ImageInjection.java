package dev.liveupdate.manifest;

import dev.liveupdate.jib.ImageRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts the image the plugin builds into the workloads of the manifests, as Tilt injects a
 * {@code docker_build} image into {@code k8s_yaml}: every container and init container of a
 * workload's pod spec whose {@code image} names the built image's repository
 * ({@link ImageRepository}: tag and digest ignored) gets the built image, by digest. A reference
 * written without a registry ({@code image: tilt-avatar-api}) also matches a built image of that
 * repository path in any registry ({@code 127.0.0.1:5000/tilt-avatar-api}), as Tilt's
 * {@code default_registry} rewrites it. Nothing else is changed; objects are copied, not edited.
 */
public final class ImageInjection {

  private final Optional<ImageRepository> repository;
  private final String repositoryPath;

  /** @param builtImage the image the plugin builds ({@code <image><to>}), any tag */
  public ImageInjection(String builtImage) {
    this.repository = ImageRepository.of(builtImage);
    this.repositoryPath = repository.map(ImageRepository::repository).orElse("");
  }

  /** Whether {@code reference}, as written in a container, names the built image. */
  public boolean matches(String reference) {
    if (repository.isEmpty() || reference == null) {
      return false;
    }
    Optional<ImageRepository> written = ImageRepository.of(reference);
    if (written.isEmpty()) {
      return false;
    }
    if (written.equals(repository)) {
      return true;
    }
    boolean noRegistry = !firstSegmentIsHost(reference.trim());
    return noRegistry && (reference.trim().split("[:@]")[0].equals(repositoryPath));
  }

  /** Whether any workload of {@code objects} runs the built image. */
  public boolean referencedBy(List<ManifestObject> objects) {
    return objects.stream().anyMatch(o -> !containersOf(o.body(), o.kind()).isEmpty());
  }

  /** {@code object} with {@code image} in each matching container; the same object if none. */
  public ManifestObject inject(ManifestObject object, String image) {
    if (containersOf(object.body(), object.kind()).isEmpty()) {
      return object;
    }
    Map<String, Object> copy = deepCopy(object.body());
    for (Map<String, Object> container : containersOf(copy, object.kind())) {
      container.put("image", image);
    }
    return new ManifestObject(object.apiVersion(), object.kind(), object.name(),
        object.namespace(), copy, object.file(), object.line());
  }

  /** The matching containers of a workload's pod spec. */
  private List<Map<String, Object>> containersOf(Map<String, Object> body, String kind) {
    List<Map<String, Object>> found = new ArrayList<>();
    if (!ApplyOrder.isWorkload(kind)) {
      return found;
    }
    Object spec = body.get("spec");
    Object podSpec = switch (kind) {
      case "Pod" -> spec;
      case "CronJob" -> at(spec, "jobTemplate", "spec", "template", "spec");
      default -> at(spec, "template", "spec");
    };
    for (String list : List.of("initContainers", "containers")) {
      if (at(podSpec, list) instanceof List<?> containers) {
        for (Object container : containers) {
          if (container instanceof Map<?, ?> map && map.get("image") instanceof String image
              && matches(image)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            found.add(typed);
          }
        }
      }
    }
    return found;
  }

  private static Object at(Object node, String... keys) {
    Object current = node;
    for (String key : keys) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** Docker's rule: the first segment is a registry host if it has a dot, a colon or is localhost. */
  private static boolean firstSegmentIsHost(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String first = reference.substring(0, slash);
    return first.contains(".") || first.contains(":") || first.equals("localhost");
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(deepCopy(item)));
      return (T) copy;
    }
    return value;
  }
}
