package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  private static final Map<String, String> WEB = Map.of("app", "web", "tier", "front");

  @Test
  void equalityRequirementsAreAnded() {
    assertTrue(LabelSelector.parse("app=web,tier==front").test(WEB));
    assertFalse(LabelSelector.parse("app=web,tier!=front").test(WEB));
    assertTrue(LabelSelector.parse("app!=api").test(WEB));
  }

  @Test
  void setBasedAndExistenceRequirements() {
    assertTrue(LabelSelector.parse("app in (api, web),tier").test(WEB));
    assertFalse(LabelSelector.parse("app notin (web)").test(WEB));
    assertTrue(LabelSelector.parse("env notin (prod)").test(WEB));
    assertFalse(LabelSelector.parse("!tier").test(WEB));
    assertTrue(LabelSelector.parse("").test(WEB));
  }

  @Test
  void garbageIsA400() {
    KubeApiException error = assertThrows(KubeApiException.class, () -> LabelSelector.parse("app in web"));
    assertEquals(400, error.code());
  }
}
