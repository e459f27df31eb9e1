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
 */
public record SessionOptions(Optional<Path> kubeconfig, Optional<String> context,
    Optional<String> namespace, Duration runTimeout, Duration rolloutTimeout,
    CredentialSource credentials, OnStart onStart) {}
