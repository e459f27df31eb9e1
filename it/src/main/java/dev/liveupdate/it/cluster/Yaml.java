package dev.liveupdate.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads an {@code application/apply-patch+yaml} body as the API server does ({@code sigs.k8s.io/yaml}
 * over go-yaml v2): YAML 1.1 scalars ({@code yes}, {@code on}, octal {@code 0755}), timestamps kept
 * as strings, duplicate keys refused. JSON is YAML, so a JSON body reads too.
 */
final class Yaml {
  private Yaml() {}

  static JsonNode parse(byte[] body) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    DumperOptions dump = new DumperOptions();
    org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(options), new Representer(dump),
        dump, options, new NoTimestamps());
    Object value;
    try {
      value = yaml.load(new String(body, StandardCharsets.UTF_8));
    } catch (YAMLException e) {
      throw KubeApiException.badRequest("error decoding YAML: " + e.getMessage());
    }
    if (value == null) {
      throw KubeApiException.badRequest("the request body is empty");
    }
    return Json.MAPPER.valueToTree(value);
  }

  /** go-yaml v2 decodes a timestamp-looking scalar into a string when the target is untyped. */
  private static final class NoTimestamps extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
      addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, EMPTY, null, 10);
      addImplicitResolver(Tag.YAML, YAML, "!&*", 10);
    }
  }
}
