package dev.liveupdate.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.jib.ImageTargets.Found;
import dev.liveupdate.jib.ImageTargets.NotFound;
import dev.liveupdate.jib.ImageTargets.Running;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageTargetsTest {

  private static final String DIGEST =
      "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void dockerHubIsSpelledOneWay() {
    for (String reference : List.of("nginx", "nginx:1.27", "docker.io/nginx",
        "docker.io/library/nginx:latest", "index.docker.io/library/nginx",
        "registry-1.docker.io/library/nginx@" + DIGEST)) {
      assertEquals(Optional.of(new ImageRepository("docker.io", "library/nginx")),
          ImageRepository.of(reference), reference);
    }
    assertEquals("docker.io/team/api", ImageRepository.of("team/api:2").orElseThrow().toString());
    assertEquals("127.0.0.1:5000/app",
        ImageRepository.of("127.0.0.1:5000/app:1.0@" + DIGEST).orElseThrow().toString());
    assertEquals("ghcr.io/team/api", ImageRepository.of("GHCR.io/team/api").orElseThrow().toString());
    assertEquals(Optional.empty(), ImageRepository.of("Not An Image"));
  }

  @Test
  void findsTheWorkloadRunningJibsRepositoryWhateverItsTagOrDigest() {
    List<Running> running = List.of(
        new Running("deployment/web", "web", "nginx:1.27"),
        new Running("deployment/api", "sidecar", "envoyproxy/envoy:v1"),
        new Running("deployment/api", "api", "127.0.0.1:5000/api@" + DIGEST),
        new Running("deployment/api", "api", "127.0.0.1:5000/api@" + DIGEST),
        new Running("deployment/other", "main", "127.0.0.1:5000/api-v2:1"));

    assertEquals(new Found("deployment/api", "api", "127.0.0.1:5000/api@" + DIGEST),
        ImageTargets.match("127.0.0.1:5000/api:1.0", running));
    assertEquals(new Found("deployment/web", "web", "nginx:1.27"),
        ImageTargets.match("docker.io/library/nginx", running));
  }

  @Test
  void noMatchSaysWhatRunsAndWhatToConfigure() {
    NotFound none = assertInstanceOf(NotFound.class, ImageTargets.match("127.0.0.1:5000/api",
        List.of(new Running("deployment/web", "web", "nginx"),
            new Running("deployment/api", "api", "127.0.0.1:5001/api:1"))));

    assertEquals("no running container runs 127.0.0.1:5000/api (jib-maven-plugin <to><image> "
        + "127.0.0.1:5000/api); running: deployment/web runs nginx, deployment/api runs "
        + "127.0.0.1:5001/api:1; deploy the image first, or set <liveUpdate><target> to the "
        + "workload to update", none.message());
    assertTrue(assertInstanceOf(NotFound.class, ImageTargets.match("api", List.of())).message()
        .contains("no container runs at all"));
  }

  @Test
  void severalMatchesAreNamedAndTheTargetIsAskedFor() {
    NotFound workloads = assertInstanceOf(NotFound.class, ImageTargets.match("ghcr.io/t/api:2",
        List.of(new Running("deployment/api", "api", "ghcr.io/t/api:1"),
            new Running("deployment/api-canary", "api", "ghcr.io/t/api:2"))));
    assertEquals("2 workloads run ghcr.io/t/api: deployment/api, deployment/api-canary; set "
        + "<liveUpdate><target> to the one to update", workloads.message());

    NotFound containers = assertInstanceOf(NotFound.class, ImageTargets.match("ghcr.io/t/api",
        List.of(new Running("deployment/api", "api", "ghcr.io/t/api:1"),
            new Running("deployment/api", "worker", "ghcr.io/t/api:1"))));
    assertEquals("several containers of deployment/api run ghcr.io/t/api: api, worker; set "
        + "<liveUpdate><target><container> to the one to update", containers.message());
  }

  @Test
  void anInvalidJibImageIsReported() {
    assertEquals("jib-maven-plugin <to><image> 'Bad Image' is not an image reference, so no "
        + "workload can be found by it; fix it or set <liveUpdate><target>",
        assertInstanceOf(NotFound.class, ImageTargets.match("Bad Image", List.of())).message());
  }
}
