package dev.liveupdate.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.supervisor.Control;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevEntrypointTest {

  private static final List<String> JIB = List.of("java", "-Xmx256m", "-cp",
      "@/app/jib-classpath-file", "demo.App");

  @Test
  void wrapsJibsEntrypointInTheSupervisor() {
    List<String> wrapped = DevEntrypoint.wrap(JIB);

    assertEquals(List.of("java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx32m", "-cp",
        "/opt/liveupdate/liveupdate-supervisor.jar", "dev.liveupdate.supervisor.Supervisor",
        "--child-java-tool-options", "-javaagent:/opt/liveupdate/liveupdate-supervisor.jar",
        "--ready-timeout", "150s", "--",
        "java", "-Xmx256m", "-cp", "@/app/jib-classpath-file", "demo.App"), wrapped);
    assertTrue(DevEntrypoint.isWrapped(wrapped));
    assertFalse(DevEntrypoint.isWrapped(JIB));
  }

  @Test
  void withDevToolsTheAppsJvmGetsTheSupervisorsDevToolsOptionsToo() {
    List<String> wrapped = DevEntrypoint.wrap(JIB, true);

    int option = wrapped.indexOf("--child-java-tool-options");
    assertEquals("-javaagent:/opt/liveupdate/liveupdate-supervisor.jar "
        + Control.devToolsJavaToolOptions("/opt/liveupdate/control"), wrapped.get(option + 1),
        "the options the supervisor documents, written out for Jib's class realm");
    assertEquals(JIB, wrapped.subList(option + 5, wrapped.size()));
    assertTrue(DevEntrypoint.isWrapped(wrapped));
    assertEquals(wrapped, DevEntrypoint.wrap(wrapped, false), "wrapped already");
  }

  @Test
  void wrappingTwiceChangesNothing() {
    assertEquals(DevEntrypoint.wrap(JIB), DevEntrypoint.wrap(DevEntrypoint.wrap(JIB)));
  }

  @Test
  void anInheritedEntrypointCannotBeWrapped() {
    assertEquals(DevEntrypoint.INHERITED,
        assertThrows(IllegalArgumentException.class, () -> DevEntrypoint.wrap(null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> DevEntrypoint.wrap(List.of()));
  }
}
