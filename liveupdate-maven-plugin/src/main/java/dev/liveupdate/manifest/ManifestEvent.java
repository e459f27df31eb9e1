package dev.liveupdate.manifest;

/** What applying or deleting manifests reports; the mojo renders it. */
public sealed interface ManifestEvent {

  /** {@code applied deployment/tutorial-api (created)}. */
  record Applied(String ref, ManifestCluster.Applied outcome) implements ManifestEvent {}

  /** {@code deleted deployment/tutorial-api}, or that it was not there. */
  record Deleted(String ref, boolean existed) implements ManifestEvent {}

  /** A line of progress: the image being built, the rollout being waited for. */
  record Progress(String line) implements ManifestEvent {}
}
