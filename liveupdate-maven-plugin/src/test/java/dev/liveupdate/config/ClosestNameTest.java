package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClosestNameTest {

  @Test
  void aTypoASwapOrACaseDifferenceFindsTheName() {
    List<String> elements = List.of("target", "syncs", "runs", "fallBackOn", "ignores", "image");
    assertEquals(Optional.of("syncs"), ClosestName.to("sycs", elements));
    assertEquals(Optional.of("syncs"), ClosestName.to("snycs", elements));
    assertEquals(Optional.of("fallBackOn"), ClosestName.to("fallbackon", elements));
    assertEquals(Optional.of("api"), ClosestName.to("apj", List.of("web", "api", "worker")));
    assertEquals(Optional.of("api-server"), ClosestName.to("api", List.of("api-server", "web")));
  }

  @Test
  void aNameNothingResemblesHasNoHint() {
    assertEquals(Optional.empty(), ClosestName.to("database", List.of("api", "web")));
    assertEquals(Optional.empty(), ClosestName.to("x", List.of()));
  }
}
