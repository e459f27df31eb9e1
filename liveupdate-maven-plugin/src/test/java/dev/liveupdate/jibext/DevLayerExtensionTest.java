package dev.liveupdate.jibext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ContainerBuildPlan;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.plugins.extension.ExtensionLogger;
import com.google.cloud.tools.jib.plugins.extension.JibPluginExtensionException;
import dev.liveupdate.jib.DevEntrypoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevLayerExtensionTest {

  private static final List<String> JIB_ENTRYPOINT =
      List.of("java", "-cp", "@/app/jib-classpath-file", "demo.App");

  @TempDir
  Path work;

  private final List<String> logged = new ArrayList<>();
  private final ExtensionLogger logger = (level, message) -> logged.add(level + " " + message);

  @Test
  void addsTheDirectoryAsOneLastLayerAndWrapsTheEntrypoint() throws Exception {
    Path dir = Files.createDirectories(work.resolve("opt"));
    Files.writeString(dir.resolve("liveupdate-supervisor.jar"), "jar bytes");
    Files.createDirectories(dir.resolve("bin"));
    Files.writeString(dir.resolve("bin/untar"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(dir.resolve("bin/untar"), PosixFilePermissions.fromString("rwxr-xr-x"));
    FileEntriesLayer classes = FileEntriesLayer.builder().setName("classes")
        .addEntry(dir.resolve("liveupdate-supervisor.jar"), AbsoluteUnixPath.get("/app/classes/A.class"))
        .build();
    ContainerBuildPlan plan = ContainerBuildPlan.builder().setBaseImage("127.0.0.1:5000/base")
        .addLayer(classes).setEntrypoint(JIB_ENTRYPOINT).setCmd(List.of("--port", "8080"))
        .setEnvironment(Map.of("MODE", "dev")).addLabel("team", "a").build();

    ContainerBuildPlan dev = new DevLayerExtension().extendContainerBuildPlan(plan,
        Map.of("directory", dir.toString()), Optional.empty(), null, logger);

    assertEquals(DevEntrypoint.wrap(JIB_ENTRYPOINT), dev.getEntrypoint());
    assertEquals(DevEntrypoint.wrap(JIB_ENTRYPOINT, true), new DevLayerExtension()
        .extendContainerBuildPlan(plan, Map.of("directory", dir.toString(), "devtools", "true"),
            Optional.empty(), null, logger).getEntrypoint(), "DevTools options with devtools=true");
    assertEquals(List.of("--port", "8080"), dev.getCmd(), "args stay the Cmd");
    assertEquals("127.0.0.1:5000/base", dev.getBaseImage());
    assertEquals(Map.of("MODE", "dev"), dev.getEnvironment());
    assertEquals(Map.of("team", "a"), dev.getLabels());
    assertEquals(2, dev.getLayers().size());
    assertEquals(classes, dev.getLayers().get(0), "Jib's layers are kept as they are");
    FileEntriesLayer layer = (FileEntriesLayer) dev.getLayers().get(1);
    assertEquals("liveupdate", layer.getName());
    Map<String, String> modes = layer.getEntries().stream().collect(Collectors.toMap(
        e -> e.getExtractionPath().toString(), e -> e.getPermissions().toOctalString()));
    assertEquals(Map.of("/opt/liveupdate", "755", "/opt/liveupdate/bin", "755",
        "/opt/liveupdate/bin/untar", "755", "/opt/liveupdate/liveupdate-supervisor.jar", "644"),
        modes);
    for (FileEntry entry : layer.getEntries()) {
      assertEquals(Instant.ofEpochSecond(1), entry.getModificationTime(), "reproducible");
    }
    assertTrue(logged.stream().anyMatch(line -> line.startsWith("LIFECYCLE liveupdate: added "
        + "/opt/liveupdate (3 entries from " + dir + ")")), logged.toString());
  }

  @Test
  void refusesAnInheritedEntrypoint() {
    ContainerBuildPlan plan = ContainerBuildPlan.builder().build();

    JibPluginExtensionException e = assertThrows(JibPluginExtensionException.class,
        () -> new DevLayerExtension().extendContainerBuildPlan(plan,
            Map.of("directory", work.toString()), Optional.empty(), null, logger));
    assertEquals(DevEntrypoint.INHERITED, e.getMessage());
  }

  @Test
  void refusesADirectoryWithoutTheSupervisor() throws Exception {
    Files.writeString(work.resolve("other.jar"), "x");
    ContainerBuildPlan plan = ContainerBuildPlan.builder().setEntrypoint(JIB_ENTRYPOINT).build();

    JibPluginExtensionException e = assertThrows(JibPluginExtensionException.class,
        () -> new DevLayerExtension().extendContainerBuildPlan(plan,
            Map.of("directory", work.toString()), Optional.empty(), null, logger));
    assertEquals("the live-update directory " + work + " holds no liveupdate-supervisor.jar: the "
        + "dev image's entrypoint runs it", e.getMessage());
    e = assertThrows(JibPluginExtensionException.class,
        () -> new DevLayerExtension().extendContainerBuildPlan(plan,
            Map.of("directory", work.resolve("missing").toString()), Optional.empty(), null, logger));
    assertEquals("the live-update directory " + work.resolve("missing") + " does not exist",
        e.getMessage());
  }
}
