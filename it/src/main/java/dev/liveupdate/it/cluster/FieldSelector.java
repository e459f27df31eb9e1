package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A parsed {@code fieldSelector} query. Supports the fields kubectl and client libraries use on
 * pods and most objects: {@code metadata.name}, {@code metadata.namespace}, {@code status.phase},
 * {@code spec.nodeName}, {@code spec.restartPolicy}, with {@code =}, {@code ==} and {@code !=}.
 */
final class FieldSelector implements Predicate<JsonNode> {
  private static final Set<String> SUPPORTED =
      Set.of("metadata.name", "metadata.namespace", "status.phase", "spec.nodeName",
          "spec.restartPolicy");

  private final List<Predicate<JsonNode>> requirements;

  private FieldSelector(List<Predicate<JsonNode>> requirements) {
    this.requirements = requirements;
  }

  static FieldSelector parse(String text, ResourceKind kind) {
    List<Predicate<JsonNode>> requirements = new ArrayList<>();
    if (text != null) {
      for (String part : text.split(",")) {
        String req = part.trim();
        if (req.isEmpty()) {
          continue;
        }
        boolean negate = req.contains("!=");
        String[] kv = req.split(negate ? "!=" : "==?", 2);
        if (kv.length != 2) {
          throw KubeApiException.badRequest("invalid selector: '" + text + "'; can't understand '" + req + "'");
        }
        String field = kv[0].trim();
        String value = kv[1].trim();
        boolean podOnly = !field.startsWith("metadata.");
        if (!SUPPORTED.contains(field) || (podOnly && kind != ResourceKind.PODS)) {
          throw KubeApiException.badRequest(
              "field label not supported: " + field);
        }
        String[] path = field.split("\\.");
        requirements.add(object -> negate != value.equals(nullToEmpty(Json.text(object, path))));
      }
    }
    return new FieldSelector(requirements);
  }

  @Override
  public boolean test(JsonNode object) {
    return requirements.stream().allMatch(r -> r.test(object));
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
