package dev.liveupdate.manifest;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Manifest objects for tests, as SnakeYAML would read them. */
final class Objects {

  static final Path BASEDIR = Path.of("/work/module");

  private Objects() {}

  static ManifestObject of(String kind, String name) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("apiVersion", kind.equals("Deployment") ? "apps/v1" : "v1");
    body.put("kind", kind);
    body.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
    return new ManifestObject((String) body.get("apiVersion"), kind, name, Optional.empty(), body,
        BASEDIR.resolve("k8s/" + name + ".yaml"), 1);
  }

  /** A Deployment whose pod runs {@code images}, containers named c1, c2, … */
  static ManifestObject deployment(String name, String... images) {
    ManifestObject object = of("Deployment", name);
    List<Object> containers = new java.util.ArrayList<>();
    for (int i = 0; i < images.length; i++) {
      containers.add(new LinkedHashMap<>(Map.of("name", "c" + (i + 1), "image", images[i])));
    }
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("containers", containers);
    object.body().put("spec", new LinkedHashMap<>(Map.of("template",
        new LinkedHashMap<>(Map.of("spec", podSpec)))));
    return object;
  }

  @SuppressWarnings("unchecked")
  static List<String> images(ManifestObject deployment) {
    Map<String, Object> spec = (Map<String, Object>) deployment.body().get("spec");
    Map<String, Object> template = (Map<String, Object>) spec.get("template");
    Map<String, Object> podSpec = (Map<String, Object>) template.get("spec");
    return ((List<Map<String, Object>>) podSpec.get("containers")).stream()
        .map(c -> (String) c.get("image")).toList();
  }
}
