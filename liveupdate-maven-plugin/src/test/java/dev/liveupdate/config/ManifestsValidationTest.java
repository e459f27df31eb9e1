package dev.liveupdate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.liveupdate.config.xml.LiveUpdateXml;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code <manifests>}: files and folders of the module, each problem naming its element. */
class ManifestsValidationTest {

  @TempDir Path tempDir;
  ConfigFixture module;

  @BeforeEach
  void createModule() {
    module = new ConfigFixture(tempDir);
  }

  @Test
  void filesAndFoldersBecomeTheirYamlFilesInOrderEachOnce() throws Exception {
    module.write("k8s/b-service.yaml", "kind: Service\n");
    module.write("k8s/a-deployment.yml", "kind: Deployment\n");
    module.write("k8s/README.md", "not yaml\n");
    module.write("k8s/nested/ignored.yaml", "kind: ConfigMap\n");
    module.write("extra/ns.yaml", "kind: Namespace\n");
    LiveUpdateXml xml = ConfigFixture.tutorial().manifest("extra/ns.yaml", "./k8s/",
        "k8s/a-deployment.yml");

    LiveUpdateConfig config = module.read(xml);

    assertEquals(List.of(module.basedir.resolve("extra/ns.yaml"),
        module.basedir.resolve("k8s/a-deployment.yml"),
        module.basedir.resolve("k8s/b-service.yaml")), config.manifests());
  }

  @Test
  void withoutManifestsTheListIsEmpty() throws Exception {
    assertEquals(List.of(), module.read(ConfigFixture.tutorial()).manifests());
  }

  @Test
  void everyBadManifestIsNamedWithWhatWasExpected() {
    module.write("notes.txt", "hello\n");
    module.dir("empty");
    module.write("empty/sub/deep.yaml", "kind: Service\n");
    LiveUpdateXml xml = ConfigFixture.tutorial().manifest(" ", "missing.yaml", "notes.txt",
        "empty", "../outside.yaml");

    List<String> problems = module.problems(xml);

    assertEquals(List.of(
        "<liveUpdate><manifests><manifest>[1] must name a file or folder of Kubernetes YAML "
            + "relative to the module, got nothing",
        "<liveUpdate><manifests><manifest>[2] must be an existing .yaml or .yml file or a folder "
            + "of them, got 'missing.yaml' (" + module.basedir.resolve("missing.yaml")
            + " does not exist)",
        "<liveUpdate><manifests><manifest>[3] must be a .yaml or .yml file or a folder of them, "
            + "got 'notes.txt'",
        "<liveUpdate><manifests><manifest>[4] must be a folder holding .yaml or .yml files, got "
            + "'empty' (" + module.basedir.resolve("empty") + " holds none; its subfolders are "
            + "not read)",
        "<liveUpdate><manifests><manifest>[5] must lie inside the module directory "
            + module.basedir + ", got '../outside.yaml' (resolves to "
            + module.basedir.getParent().resolve("outside.yaml") + ")"), problems);
  }
}
