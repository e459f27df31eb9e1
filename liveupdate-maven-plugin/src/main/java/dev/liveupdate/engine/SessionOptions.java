package dev.liveupdate.engine;

import dev.liveupdate.image.CredentialSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a dev session reaches the cluster, beyond the {@code <liveUpdate>} configuration.
 *
 * @param kubeconfig an explicit kubeconfig file, else kubectl's rules
 * @param context    a context over {@code <target><context>}
 * @param namespace  a namespace over {@code <target><namespace>}
 * @param runTimeout the longest a run step may take
 * @param rolloutTimeout the longest a rollout after a rebuild may take
 * @param credentials registry credentials for the rebuild (Maven settings), before jib's own
 * @param onStart what {@code dev} does before it watches
 * @param logs    whether {@code dev} streams the target containers' logs
 * @param trigger how {@code dev}'s updates are triggered (automatic, or manual with Enter)
 */
public record SessionOptions(Optional<Path> kubeconfig, Optional<String> context,
    Optional<String> namespace, Duration runTimeout, Duration rolloutTimeout,
    CredentialSource credentials, OnStart onStart, boolean logs, Trigger trigger) {

  /** Options without logs, triggered automatically (a one-shot goal's). */
  public SessionOptions(Optional<Path> kubeconfig, Optional<String> context,
      Optional<String> namespace, Duration runTimeout, Duration rolloutTimeout,
      CredentialSource credentials, OnStart onStart) {
    this(kubeconfig, context, namespace, runTimeout, rolloutTimeout, credentials, onStart, false,
        Trigger.automatic());
  }

  /** These options with {@code dev}'s console settings. */
  public SessionOptions withConsole(boolean streamLogs, Trigger updateTrigger) {
    return new SessionOptions(kubeconfig, context, namespace, runTimeout, rolloutTimeout,
        credentials, onStart, streamLogs, updateTrigger);
  }
}
