package dev.liveupdate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.kube.ClusterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Apply order, image injection, rollout waits and partial failures, on a recording cluster. */
class ManifestApplyTest {

  private final Recording cluster = new Recording();
  private final List<ManifestEvent> events = new CopyOnWriteArrayList<>();
  private final ManifestApply apply = new ManifestApply(cluster, "dev", Objects.BASEDIR,
      events::add);

  @Test
  void appliesInDependencyOrderThenWaitsForTheWorkloads() throws Exception {
    List<ManifestObject> objects = List.of(Objects.deployment("api", "redis:7"),
        Objects.of("Service", "api"), Objects.of("Secret", "token"),
        Objects.of("ConfigMap", "settings"), Objects.of("ServiceAccount", "api"),
        Objects.of("Namespace", "shop"));

    apply.apply(objects, Optional.empty(), Duration.ofSeconds(5));

    assertEquals(List.of("apply namespace/shop in dev", "apply serviceaccount/api in dev",
        "apply configmap/settings in dev", "apply secret/token in dev", "apply service/api in dev",
        "apply deployment/api in dev", "rollout deployment/api"), cluster.calls);
    assertEquals(new ManifestEvent.Applied("deployment/api", ManifestCluster.Applied.CREATED),
        events.get(5));
  }

  @Test
  void theBuiltImageIsBuiltFirstAndInjected() throws Exception {
    List<String> built = new ArrayList<>();
    ManifestApply.Injection injection = new ManifestApply.Injection(
        new ImageInjection("127.0.0.1:5000/api"), progress -> {
          built.add("built");
          progress.accept("pushed it");
          return "127.0.0.1:5000/api@sha256:" + "c".repeat(64);
        });

    List<ManifestObject> applied = apply.apply(List.of(Objects.deployment("api", "api")),
        Optional.of(injection), Duration.ofSeconds(5));

    assertEquals(List.of("built"), built);
    assertEquals(List.of("127.0.0.1:5000/api@sha256:" + "c".repeat(64)),
        Objects.images(applied.get(0)));
    assertEquals(new ManifestEvent.Progress("pushed it"), events.get(0));
  }

  @Test
  void noImageIsBuiltWhenNoWorkloadRunsIt() throws Exception {
    ManifestApply.Injection injection = new ManifestApply.Injection(
        new ImageInjection("127.0.0.1:5000/api"), progress -> {
          throw new AssertionError("must not build");
        });

    apply.apply(List.of(Objects.deployment("cache", "redis:7")), Optional.of(injection),
        Duration.ofSeconds(5));

    assertEquals(List.of("apply deployment/cache in dev", "rollout deployment/cache"),
        cluster.calls);
  }

  @Test
  void aRefusedApplySaysTheServersMessageAndWhatWasAndWasNotApplied() {
    cluster.refuse = Set.of("service/api");
    List<ManifestObject> objects = List.of(Objects.deployment("api", "redis:7"),
        Objects.of("Service", "api"), Objects.of("ConfigMap", "settings"));

    ManifestException e = assertThrows(ManifestException.class,
        () -> apply.apply(objects, Optional.empty(), Duration.ofSeconds(5)));

    assertEquals("cannot apply service/api (k8s/api.yaml:1): Service \"api\" is invalid"
        + System.lineSeparator() + "  applied: configmap/settings; not applied: service/api, "
        + "deployment/api", e.getMessage());
    assertEquals(List.of("apply configmap/settings in dev"), cluster.calls);
  }

  /** Records calls; refuses the objects named. */
  private static final class Recording implements ManifestCluster {
    final List<String> calls = new ArrayList<>();
    Set<String> refuse = Set.of();

    @Override
    public Applied apply(ManifestObject object, String namespace) throws ClusterException {
      if (refuse.contains(object.ref())) {
        throw new ClusterException(object.kind() + " \"" + object.name() + "\" is invalid");
      }
      calls.add("apply " + object.ref() + " in " + namespace);
      return Applied.CREATED;
    }

    @Override
    public boolean delete(ManifestObject object, String namespace, Duration timeout) {
      calls.add("delete " + object.ref());
      return !refuse.contains(object.ref());
    }

    @Override
    public void awaitRollout(ManifestObject object, String namespace, Duration timeout,
        Consumer<String> progress) {
      calls.add("rollout " + object.ref());
    }

    @Override
    public boolean rollsOut(String kind) {
      return kind.equals("Deployment");
    }

    @Override
    public void close() {}
  }

  @Test
  void downDeletesInReverseOrderAndSaysWhatWasNotThere() throws Exception {
    cluster.refuse = Set.of("configmap/settings"); // here: not found
    ManifestDelete delete = new ManifestDelete(cluster, "dev", Objects.BASEDIR, events::add);

    int existed = delete.delete(List.of(Objects.of("Namespace", "shop"),
        Objects.deployment("api", "x"), Objects.of("ConfigMap", "settings")),
        Duration.ofSeconds(5));

    assertEquals(2, existed);
    assertEquals(List.of("delete deployment/api", "delete configmap/settings",
        "delete namespace/shop"), cluster.calls);
    assertEquals(new ManifestEvent.Deleted("configmap/settings", false), events.get(1));
  }
}
