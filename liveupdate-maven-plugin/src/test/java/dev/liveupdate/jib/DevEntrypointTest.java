package dev.liveupdate.jib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        "--ready-timeout", "150s", "--",
        "java", "-Xmx256m", "-cp", "@/app/jib-classpath-file", "demo.App"), wrapped);
    assertTrue(DevEntrypoint.isWrapped(wrapped));
    assertFalse(DevEntrypoint.isWrapped(JIB));
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
