package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PatchesTest {
  private static final JsonNode DEPLOYMENT = json("{'spec':{'replicas':1,'template':{'spec':{'containers':["
      + "{'name':'a','image':'a:1','env':[{'name':'X','value':'1'}]},{'name':'b','image':'b:1'}]}}}}");

  @Test
  void strategicMergeMergesContainersByName() {
    JsonNode patched = Patches.apply("application/strategic-merge-patch+json", DEPLOYMENT,
        json("{'$setElementOrder/containers':[{'name':'a'},{'name':'b'}],"
            + "'spec':{'template':{'spec':{'containers':[{'name':'b','image':'b:2'}]}}}}"));

    assertEquals(json("{'spec':{'replicas':1,'template':{'spec':{'containers':["
        + "{'name':'a','image':'a:1','env':[{'name':'X','value':'1'}]},{'name':'b','image':'b:2'}]}}}}"), patched);
  }

  @Test
  void strategicMergeDeleteDirectiveRemovesAnElement() {
    JsonNode patched = Patches.apply("application/strategic-merge-patch+json", DEPLOYMENT,
        json("{'spec':{'template':{'spec':{'containers':[{'name':'a','$patch':'delete'}]}}}}"));

    assertEquals(1, patched.path("spec").path("template").path("spec").path("containers").size());
  }

  @Test
  void mergePatchReplacesListsAndNullRemoves() {
    JsonNode patched = Patches.apply("application/merge-patch+json", DEPLOYMENT,
        json("{'spec':{'replicas':null,'template':{'spec':{'containers':[{'name':'c','image':'c:1'}]}}}}"));

    assertEquals(json("{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'c:1'}]}}}}"), patched);
  }

  @Test
  void jsonPatchReplacesByPointer() {
    JsonNode patched = Patches.apply("application/json-patch+json", DEPLOYMENT,
        json("[{'op':'test','path':'/spec/replicas','value':1},"
            + "{'op':'replace','path':'/spec/template/spec/containers/0/image','value':'a:2'},"
            + "{'op':'add','path':'/spec/template/spec/containers/0/env/-','value':{'name':'Y','value':'2'}}]"));

    JsonNode first = patched.path("spec").path("template").path("spec").path("containers").path(0);
    assertEquals("a:2", first.path("image").asText());
    assertEquals("Y", first.path("env").path(1).path("name").asText());
  }

  private static JsonNode json(String singleQuoted) {
    return Json.parse(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }
}
