package dev.liveupdate.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupervisorOptionsTest {

  @Test
  void defaults() {
    SupervisorOptions options = SupervisorOptions.parse(new String[] {"--", "java", "-jar", "app.jar"});

    assertEquals(Path.of("/opt/liveupdate/control"), options.control);
    assertEquals(Duration.ofSeconds(10), options.grace);
    assertEquals(Duration.ofSeconds(60), options.readyTimeout);
    assertEquals(Optional.empty(), options.readyPorts);
    assertEquals(Optional.empty(), options.poll);
    assertEquals(Optional.empty(), options.childJavaToolOptions);
    assertEquals(List.of("java", "-jar", "app.jar"), options.command);
  }

  @Test
  void everyOptionInBothSpellings() {
    SupervisorOptions options = SupervisorOptions.parse(new String[] {"--control", "/c", "--grace=250ms",
        "--ready-timeout", "2m", "--ready-ports=8081,8080", "--poll", "15ms",
        "--child-java-tool-options", "-javaagent:/opt/liveupdate/agent.jar -Dx=--", "--", "app", "--", "--grace"});

    assertEquals(Path.of("/c"), options.control);
    assertEquals(Duration.ofMillis(250), options.grace);
    assertEquals(Duration.ofMinutes(2), options.readyTimeout);
    assertEquals(Optional.of(Set.of(8080, 8081)), options.readyPorts);
    assertEquals(Optional.of(Duration.ofMillis(15)), options.poll);
    assertEquals(Optional.of("-javaagent:/opt/liveupdate/agent.jar -Dx=--"), options.childJavaToolOptions);
    assertEquals(List.of("app", "--", "--grace"), options.command, "everything after the first -- is the app's");
  }

  @Test
  void readyPortsNoneMeansReadyOnceStarted() {
    assertEquals(Optional.of(Set.of()), SupervisorOptions.parse(new String[] {"--ready-ports", "none", "--", "a"}).readyPorts);
    assertEquals(Optional.empty(), SupervisorOptions.parse(new String[] {"--ready-ports", "auto", "--", "a"}).readyPorts);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "app                              | the app's command must follow '--', got 'app'",
      "--                               | the app's command must follow '--'",
      "--grace                          | --grace needs a value",
      "--grace -- app                   | --grace needs a value",
      "--grace 10h -- app               | --grace must be a duration such as 250ms, 10s or 2m, got '10h'",
      "--poll 0ms -- app                | --poll must be more than 0, got '0ms'",
      "--ready-ports 80,http -- app     | --ready-ports must be auto, none or TCP ports such as 8080,8081, got '80,http'",
      "--ready-ports 70000 -- app       | --ready-ports must be auto, none or TCP ports such as 8080,8081, got '70000'",
      "--restart-on-change x -- app     | unknown option '--restart-on-change'",
  })
  void refusesWithAMessageNamingTheOption(String args, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SupervisorOptions.parse(args.split(" ")));
    assertEquals(message, e.getMessage());
  }
}
