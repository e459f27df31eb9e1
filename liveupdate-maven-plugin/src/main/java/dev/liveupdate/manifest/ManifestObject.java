package dev.liveupdate.manifest;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One object of a manifest file, as written there.
 *
 * @param apiVersion {@code apps/v1}, {@code v1}
 * @param kind       {@code Deployment}
 * @param name       {@code metadata.name}
 * @param namespace  {@code metadata.namespace}, when written
 * @param body       the whole document, as SnakeYAML read it (maps, lists, scalars)
 * @param file       the file it was read from
 * @param line       the line its document starts on (1-based)
 */
public record ManifestObject(String apiVersion, String kind, String name,
    Optional<String> namespace, Map<String, Object> body, Path file, int line) {

  /** {@code deployment/tutorial-api}, as kubectl names an object. */
  public String ref() {
    return kind.toLowerCase(Locale.ROOT) + "/" + name;
  }

  /** {@code k8s/deployment.yaml:12}, relative to {@code basedir} when inside it. */
  public String where(Path basedir) {
    Path shown = file.startsWith(basedir) ? basedir.relativize(file) : file;
    return shown.toString().replace('\\', '/') + ":" + line;
  }

  /** The API group: {@code apps} for {@code apps/v1}, empty for the core group's {@code v1}. */
  public String group() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** The version: {@code v1}. */
  public String version() {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
  }
}
