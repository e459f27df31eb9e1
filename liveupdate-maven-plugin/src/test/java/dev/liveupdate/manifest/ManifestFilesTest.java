package dev.liveupdate.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Kubernetes YAML: every document, in order, and problems by file and line. */
class ManifestFilesTest {

  @TempDir Path basedir;

  @Test
  void readsEveryDocumentOfEveryFileWithWhereItStarts() throws Exception {
    Path app = write("k8s/app.yaml", """
        # the app
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
        spec:
          replicas: 2
        ---
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: shop
        """);
    Path list = write("k8s/list.yml", """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: settings}
        """);

    List<ManifestObject> objects = ManifestFiles.read(List.of(app, list), basedir);

    assertEquals(List.of("deployment/api", "service/api", "configmap/settings"),
        objects.stream().map(ManifestObject::ref).toList());
    assertEquals(List.of("k8s/app.yaml:2", "k8s/app.yaml:10", "k8s/list.yml:1"),
        objects.stream().map(o -> o.where(basedir)).toList());
    assertEquals(Optional.of("shop"), objects.get(1).namespace());
    assertEquals(Optional.empty(), objects.get(0).namespace());
    assertEquals("apps", objects.get(0).group());
    assertEquals("v1", objects.get(0).version());
    assertEquals("", objects.get(1).group());
    assertEquals(2, ((Map<?, ?>) objects.get(0).body().get("spec")).get("replicas"));
  }

  @Test
  void badYamlNamesTheFileAndLine() throws Exception {
    Path good = write("k8s/a.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n");
    Path bad = write("k8s/b.yaml", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data:
          key: "unterminated
        """);

    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestFiles.read(List.of(good, bad), basedir));

    assertEquals("k8s/b.yaml:7:1: not valid YAML: found unexpected end of stream (while "
        + "scanning a quoted scalar)", e.getMessage());
  }

  @Test
  void aDocumentThatIsNoObjectNamesWhatItLacksAndWhere() throws Exception {
    Path file = write("k8s/x.yaml", """
        apiVersion: v1
        kind: Service
        metadata: {name: a}
        ---
        kind: ConfigMap
        metadata:
          labels: {app: x}
        """);

    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestFiles.read(List.of(file), basedir));

    assertEquals("k8s/x.yaml:5: a Kubernetes object needs apiVersion, metadata.name (this "
        + "ConfigMap has none); generateName is not supported: liveupdate:down must find the "
        + "object again by its name", e.getMessage());
  }

  @Test
  void aScalarDocumentIsRefused() throws Exception {
    Path file = write("k8s/x.yaml", "just text\n");

    ManifestException e = assertThrows(ManifestException.class,
        () -> ManifestFiles.read(List.of(file), basedir));

    assertEquals("k8s/x.yaml:1: a document must be a Kubernetes object (a mapping with "
        + "apiVersion, kind and metadata.name), got string 'just text'", e.getMessage());
  }

  private Path write(String relative, String content) throws Exception {
    Path file = basedir.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }
}
