package dev.liveupdate.mojo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.liveupdate.engine.OnStart;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.image.CredentialSource;
import java.time.Duration;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The goals' options: timeouts must be positive, and the message names the property. */
class GoalInputsTest {

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void aRunTimeoutThatIsNotPositiveIsRefusedNamingItsProperty(long seconds) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class,
        () -> GoalInputs.options(null, null, null, seconds, 300, CredentialSource.NONE,
            OnStart.NONE));
    assertEquals("liveupdate.runTimeout must be a positive number of seconds, got " + seconds,
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  void aRolloutTimeoutThatIsNotPositiveIsRefusedNamingItsProperty(long seconds) {
    MojoExecutionException e = assertThrows(MojoExecutionException.class,
        () -> GoalInputs.options(null, null, null, 600, seconds, CredentialSource.NONE,
            OnStart.NONE));
    assertEquals("liveupdate.rolloutTimeout must be a positive number of seconds, got "
        + seconds, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 600})
  void aPositiveRunTimeoutIsKept(long seconds) throws Exception {
    SessionOptions options = GoalInputs.options(null, "", null, seconds, 300,
        CredentialSource.NONE, OnStart.SYNC);
    assertEquals(Duration.ofSeconds(seconds), options.runTimeout());
    assertEquals(Optional.empty(), options.context());
  }
}
