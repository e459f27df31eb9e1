package dev.liveupdate.manifest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads Kubernetes objects from YAML files with SnakeYAML: every document of every file, in
 * order; empty documents (a trailing {@code ---}, comments only) are skipped, and a {@code List}
 * (what {@code kubectl get -o yaml} writes) gives its items. Every problem names the file and
 * line: a YAML syntax error where SnakeYAML found it, a document that is not a Kubernetes object
 * (no {@code apiVersion}, {@code kind} or {@code metadata.name}) where its document starts.
 * Reading is all or nothing: one bad file and nothing is returned, so nothing is applied.
 */
public final class ManifestFiles {

  private ManifestFiles() {}

  /** Every object of {@code files}, in order; {@code basedir} shortens file names in messages. */
  public static List<ManifestObject> read(List<Path> files, Path basedir)
      throws ManifestException {
    List<ManifestObject> objects = new ArrayList<>();
    for (Path file : files) {
      objects.addAll(read(file, basedir));
    }
    return objects;
  }

  static List<ManifestObject> read(Path file, Path basedir) throws ManifestException {
    String shown = (file.startsWith(basedir) ? basedir.relativize(file) : file).toString()
        .replace('\\', '/');
    List<ManifestObject> objects = new ArrayList<>();
    Documents documents = new Documents();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Node node : new Yaml(documents).composeAll(reader)) {
        if (node == null) {
          continue;
        }
        int line = node.getStartMark().getLine() + 1;
        Object document = documents.construct(node);
        if (document != null) {
          objects.addAll(objectsOf(document, file, shown, line));
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String at = mark == null ? "" : ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
      throw new ManifestException(shown + at + ": not valid YAML: " + oneLine(e.getProblem()
          != null ? e.getProblem() : e.getMessage()) + contextOf(e), e);
    } catch (YAMLException e) {
      throw new ManifestException(shown + ": not valid YAML: " + oneLine(e.getMessage()), e);
    } catch (IOException e) {
      throw new ManifestException("cannot read " + shown + ": " + e, e);
    }
    return objects;
  }

  private static String contextOf(MarkedYAMLException e) {
    return e.getContext() == null ? "" : " (" + oneLine(e.getContext()) + ")";
  }

  private static List<ManifestObject> objectsOf(Object document, Path file, String shown, int line)
      throws ManifestException {
    String at = shown + ":" + line;
    if (!(document instanceof Map<?, ?> map)) {
      throw new ManifestException(at + ": a document must be a Kubernetes object (a mapping "
          + "with apiVersion, kind and metadata.name), got " + describe(document));
    }
    if ("List".equals(map.get("kind")) && map.get("items") instanceof List<?> items) {
      List<ManifestObject> objects = new ArrayList<>();
      for (Object item : items) {
        objects.addAll(objectsOf(item, file, shown, line));
      }
      return objects;
    }
    Map<String, Object> body = stringKeys(map, at);
    String apiVersion = text(body.get("apiVersion"));
    String kind = text(body.get("kind"));
    Object metadata = body.get("metadata");
    String name = metadata instanceof Map<?, ?> m ? text(m.get("name")) : null;
    String namespace = metadata instanceof Map<?, ?> m ? text(m.get("namespace")) : null;
    List<String> missing = new ArrayList<>();
    if (apiVersion == null) {
      missing.add("apiVersion");
    }
    if (kind == null) {
      missing.add("kind");
    }
    if (name == null) {
      missing.add("metadata.name");
    }
    if (!missing.isEmpty()) {
      throw new ManifestException(at + ": a Kubernetes object needs " + String.join(", ", missing)
          + (kind == null ? "" : " (this " + kind + " has none)")
          + (name == null ? "; generateName is not supported: liveupdate:down must find the "
              + "object again by its name" : ""));
    }
    return List.of(new ManifestObject(apiVersion, kind, name,
        Optional.ofNullable(namespace), body, file, line));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> stringKeys(Map<?, ?> map, String at)
      throws ManifestException {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new ManifestException(at + ": every key of a Kubernetes object must be a string, "
            + "got " + describe(key));
      }
    }
    return new LinkedHashMap<>((Map<String, Object>) map);
  }

  private static String text(Object value) {
    return value instanceof String s && !s.isBlank() ? s : null;
  }

  private static String describe(Object value) {
    return value == null ? "nothing" : value.getClass().getSimpleName().toLowerCase() + " '"
        + value + "'";
  }

  private static String oneLine(String text) {
    return String.valueOf(text).replaceAll("\\s+", " ").trim();
  }

  /** SnakeYAML's safe constructor, turning one composed document into maps, lists, scalars. */
  private static final class Documents extends SafeConstructor {
    Documents() {
      super(new LoaderOptions());
    }

    Object construct(Node node) {
      return constructDocument(node);
    }
  }
}
