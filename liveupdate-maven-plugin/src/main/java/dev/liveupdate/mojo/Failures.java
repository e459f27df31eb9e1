package dev.liveupdate.mojo;

import org.apache.maven.plugin.MojoFailureException;

/**
 * Build failures whose message is the one line (or list) the user reads. Maven appends the
 * message of every cause in the chain to a failure's, so a cause would add client-java's
 * {@code ApiException} dump to a message already said in the user's words; the cause is kept as
 * a suppressed exception instead, printed with its stack by {@code -e}.
 */
final class Failures {

  private Failures() {}

  static MojoFailureException of(String message, Throwable cause) {
    MojoFailureException failure = new MojoFailureException(message);
    if (cause != null) {
      failure.addSuppressed(cause);
    }
    return failure;
  }
}
