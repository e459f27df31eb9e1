package dev.liveupdate.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ApiPathTest {
  @Test
  void parsesTheShapesOfResourcePaths() {
    assertEquals(new ApiPath(ResourceKind.PODS, "default", null, null), ApiPath.parse("/api/v1/namespaces/default/pods"));
    assertEquals(new ApiPath(ResourceKind.PODS, "ns", "web-1", "exec"), ApiPath.parse("/api/v1/namespaces/ns/pods/web-1/exec"));
    assertEquals(new ApiPath(ResourceKind.PODS, null, null, null), ApiPath.parse("/api/v1/pods"));
    assertEquals(new ApiPath(ResourceKind.NAMESPACES, null, "ns", null), ApiPath.parse("/api/v1/namespaces/ns"));
    assertEquals(new ApiPath(ResourceKind.DEPLOYMENTS, "ns", "web", "scale"),
        ApiPath.parse("/apis/apps/v1/namespaces/ns/deployments/web/scale"));
  }

  @Test
  void rejectsWhatIsNotAResource() {
    assertNull(ApiPath.parse("/api/v1/pods/web-1"));
    assertNull(ApiPath.parse("/apis/batch/v1/namespaces/ns/jobs"));
    assertNull(ApiPath.parse("/version"));
  }

  @Test
  void agesReadLikeKubectls() {
    java.time.Instant now = java.time.Instant.now();
    assertEquals("5s", Tables.age(now.minusSeconds(5).toString()));
    assertEquals("2m3s", Tables.age(now.minusSeconds(123).toString()));
    assertEquals("3h20m", Tables.age(now.minusSeconds(3 * 3600 + 20 * 60).toString()));
  }
}
