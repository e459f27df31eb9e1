package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-side apply's bookkeeping without a server: field sets, merge, prune, conflicts. */
class ManagedFieldsTest {
  private static final ResourceKind DEPLOYMENT = ResourceKind.DEPLOYMENTS;

  @Test
  void anApplyOwnsWhatItSetsWithListElementsByKeyAndSelectorsAtomic() {
    ObjectNode created = ManagedFields.apply(DEPLOYMENT, null, config(2, "a:1", "X"), "liveupdate", false);

    JsonNode entry = created.path("metadata").path("managedFields").path(0);
    assertEquals("liveupdate", entry.path("manager").asText());
    assertEquals("Apply", entry.path("operation").asText());
    assertEquals("apps/v1", entry.path("apiVersion").asText());
    assertEquals(json("{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},"
        + "'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:containers':{'k:{`name`:`main`}':"
        + "{'.':{},'f:env':{'k:{`name`:`X`}':{'.':{},'f:name':{},'f:value':{}}},'f:image':{},'f:name':{},"
        + "'f:ports':{'k:{`containerPort`:8080,`protocol`:`TCP`}':{'.':{},'f:containerPort':{}}}}}}}}}"),
        entry.path("fieldsV1"));
  }

  @Test
  void aFieldAnotherManagerChangedConflictsUnlessForcedWhichTakesItOver() {
    ObjectNode live = ManagedFields.apply(DEPLOYMENT, null, config(2, "a:1", "X"), "liveupdate", false);
    ObjectNode scaled = live.deepCopy();
    Json.obj(scaled, "spec").put("replicas", 5);
    ManagedFields.recordUpdate(DEPLOYMENT, live, scaled, "kubectl", "scale");

    KubeApiException conflict = assertThrows(KubeApiException.class,
        () -> ManagedFields.apply(DEPLOYMENT, scaled, config(3, "a:1", "X"), "liveupdate", false));

    assertEquals(409, conflict.code());
    assertEquals("Apply failed with 1 conflict: conflict with \"kubectl\" with subresource \"scale\" using apps/v1:"
        + " .spec.replicas", conflict.getMessage());
    JsonNode cause = conflict.status().path("details").path("causes").path(0);
    assertEquals("FieldManagerConflict", cause.path("reason").asText());
    assertEquals(".spec.replicas", cause.path("field").asText());

    ObjectNode forced = ManagedFields.apply(DEPLOYMENT, scaled, config(3, "a:1", "X"), "liveupdate", true);
    assertEquals(3, forced.path("spec").path("replicas").asInt());
    assertEquals(List.of("liveupdate"), managers(forced), "kubectl's only field was taken over");
  }

  @Test
  void theSameValueAsAnotherManagerIsSharedNotAConflict() {
    ObjectNode live = ManagedFields.apply(DEPLOYMENT, null, config(2, "a:1", "X"), "first", false);

    ObjectNode shared = ManagedFields.apply(DEPLOYMENT, live, config(2, "a:1", "X"), "second", false);

    assertEquals(List.of("first", "second"), managers(shared));
  }

  @Test
  void whatAManagerStopsApplyingIsRemovedUnlessAnotherApplierOwnsIt() {
    ObjectNode live = ManagedFields.apply(DEPLOYMENT, null, config(2, "a:1", "X"), "liveupdate", false);
    ObjectNode other = ManagedFields.apply(DEPLOYMENT, live, json("{'apiVersion':'apps/v1','kind':'Deployment',"
        + "'metadata':{'name':'web','labels':{'team':'t'}}}"), "other", false);
    ObjectNode withoutEnvAndLabel = config(2, "a:2", null);
    ((ObjectNode) withoutEnvAndLabel.path("metadata")).putObject("labels").put("team", "t");

    ObjectNode applied = ManagedFields.apply(DEPLOYMENT, other, withoutEnvAndLabel, "liveupdate", false);

    JsonNode container = applied.path("spec").path("template").path("spec").path("containers").path(0);
    assertEquals("a:2", container.path("image").asText());
    assertFalse(container.has("env") && !container.path("env").isEmpty(), container.toString());
    assertEquals(json("{'team':'t'}"), applied.path("metadata").path("labels"), "app went, team stays");
  }

  @Test
  void anUpdateOwnsWhatItChangedAndTakesItFromOthers() {
    ObjectNode live = ManagedFields.apply(DEPLOYMENT, null, config(2, "a:1", "X"), "liveupdate", false);
    ObjectNode patched = live.deepCopy();
    ((ObjectNode) patched.path("spec").path("template").path("spec").path("containers").path(0)).put("image", "a:2");

    ManagedFields.recordUpdate(DEPLOYMENT, live, patched, "kubectl-set", "");

    JsonNode entries = patched.path("metadata").path("managedFields");
    assertEquals("Update", entries.path(1).path("operation").asText());
    assertEquals(json("{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{`name`:`main`}':{'f:image':{}}}}}}}"),
        entries.path(1).path("fieldsV1"));
    assertFalse(FieldSet.fromFieldsV1(entries.path(0).path("fieldsV1")).contains(List.of("f:spec", "f:template",
        "f:spec", "f:containers", "k:{\"name\":\"main\"}", "f:image")));
  }

  @Test
  void servicePortsAreKeyedByPortAndDefaultedProtocol() {
    ObjectNode service = json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'},"
        + "'spec':{'selector':{'app':'web'},'ports':[{'port':80,'targetPort':8080}]}}");

    ObjectNode created = ManagedFields.apply(ResourceKind.SERVICES, null, service, "liveupdate", false);

    JsonNode spec = created.path("metadata").path("managedFields").path(0).path("fieldsV1").path("f:spec");
    assertTrue(spec.path("f:ports").has("k:{\"port\":80,\"protocol\":\"TCP\"}"), spec.toString());
    assertEquals(json("{}"), spec.path("f:selector"), "a Service selector is atomic");
  }

  @Test
  void yamlReadsAsTheApiServerDoes() {
    JsonNode yaml = Yaml.parse("a: on\nb: 0755\nc: 2026-01-02\nd: '5'\n".getBytes(StandardCharsets.UTF_8));

    assertEquals(json("{'a':true,'b':493,'c':'2026-01-02','d':'5'}"), yaml);
    KubeApiException duplicate = assertThrows(KubeApiException.class,
        () -> Yaml.parse("a: 1\na: 2\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(400, duplicate.code());
  }

  @Test
  void pathsRenderAsInConflictMessages() {
    assertEquals(".spec.template.spec.containers[name=\"main\"].image", FieldSet.render(List.of("f:spec", "f:template",
        "f:spec", "f:containers", "k:{\"name\":\"main\"}", "f:image")));
    assertEquals(".metadata.finalizers[=\"x\"]", FieldSet.render(List.of("f:metadata", "f:finalizers", "v:\"x\"")));
  }

  private static List<String> managers(JsonNode object) {
    List<String> managers = new java.util.ArrayList<>();
    object.path("metadata").path("managedFields").forEach(e -> managers.add(e.path("manager").asText()));
    return managers;
  }

  private static ObjectNode config(int replicas, String image, String env) {
    ObjectNode container = json("{'name':'main','image':'" + image + "','ports':[{'containerPort':8080}]}");
    if (env != null) {
      container.putArray("env").addObject().put("name", env).put("value", "1");
    }
    ObjectNode deployment = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':"
        + "{'app':'web'}},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},'template':"
        + "{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[]}}}}");
    ((com.fasterxml.jackson.databind.node.ArrayNode) deployment.path("spec").path("template").path("spec")
        .path("containers")).add(container);
    return deployment;
  }

  private static ObjectNode json(String singleQuoted) {
    // ' stands for a quote, ` for an escaped quote inside a string (list keys in fieldsV1)
    return (ObjectNode) Json.parse(singleQuoted.replace('\'', '"').replace("`", "\\\"")
        .getBytes(StandardCharsets.UTF_8));
  }
}
