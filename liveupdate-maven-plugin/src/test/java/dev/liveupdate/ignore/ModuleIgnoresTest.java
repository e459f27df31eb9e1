package dev.liveupdate.ignore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.config.ImageConfig;
import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.config.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which files an image build and a sync leave out, given the whole configuration. */
class ModuleIgnoresTest {

  private static final Path BASE = Path.of("/work/module").toAbsolutePath();

  @Test
  void aLayerInsideTheBuildDirectoryIsNotEmptiedByTheBuildDirectoryRule() {
    IgnoreRules ignores = ModuleIgnores.forImage(config("target/classes", "."));

    assertFalse(ignores.isIgnored(BASE.resolve("target/classes/App.class")));
    assertTrue(ignores.isIgnored(BASE.resolve("target/liveupdate/jib-cache/layers/x")),
        "the rest of target/ stays out, jib's cache included");
    assertTrue(ignores.isIgnored(BASE.resolve("api/app.pyc")), "<ignores> apply");
    assertTrue(ignores.isIgnored(BASE.resolve("api/.git/HEAD")), "default ignores apply");
  }

  @Test
  void aLayerOfTheWholeModuleLeavesTheBuildDirectoryOut() {
    IgnoreRules ignores = ModuleIgnores.forImage(config("."));

    assertTrue(ignores.isIgnored(BASE.resolve("target/app.jar")));
    assertFalse(ignores.isIgnored(BASE.resolve("api/app.py")));
  }

  @Test
  void theSyncsKeepTheBuildDirectoryOutUnlessASourceIsInIt() {
    IgnoreRules ignores = ModuleIgnores.forSyncs(config("target/classes"));

    assertTrue(ignores.isIgnored(BASE.resolve("target/classes/App.class")),
        "a layer is not a sync source");
    assertTrue(ignores.isIgnored(BASE.resolve("api/app.pyc")), "<ignores> apply");
    assertFalse(ignores.isIgnored(BASE.resolve("api/app.py")));
  }

  @Test
  void manifestsOutsideTheSyncsAreNotWatchedButOneInsideASyncStillSyncs() {
    LiveUpdateConfig base = config();
    LiveUpdateConfig config = new LiveUpdateConfig(base.basedir(), base.buildDir(),
        base.target(), base.syncs(), base.runs(), base.fallBackOn(), base.ignores(),
        base.quietPeriod(), base.maxBatchWait(), base.image(), Optional.empty(), List.of(),
        List.of(BASE.resolve("k8s/deployment.yaml"), BASE.resolve("api/kube.yaml")));

    IgnoreRules ignores = ModuleIgnores.forSyncs(config);

    assertTrue(ignores.isIgnored(BASE.resolve("k8s/deployment.yaml")));
    assertFalse(ignores.isIgnored(BASE.resolve("k8s/other.yaml")), "only the manifests");
    assertFalse(ignores.isIgnored(BASE.resolve("api/kube.yaml")), "synced: still synced");
    assertFalse(ModuleIgnores.forSyncs(base).isIgnored(BASE.resolve("k8s/deployment.yaml")));
  }

  private static LiveUpdateConfig config(String... layers) {
    ImageConfig image = new ImageConfig("scratch", "localhost:5000/app:liveupdate",
        java.util.Arrays.stream(layers).map(l -> new ImageLayer(BASE.resolve(l).normalize(), "/app"))
            .toList(),
        List.of(), List.of(), Optional.empty(), Map.of(), List.of(), false);
    return new LiveUpdateConfig(BASE, BASE.resolve("target"),
        new Target(Optional.of("api"), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty()),
        List.of(new SyncRule(BASE.resolve("api"), "/app/api")), List.of(), List.of(),
        List.of("**/*.pyc"), Duration.ofMillis(50), Duration.ofSeconds(1), Optional.of(image));
  }
}
