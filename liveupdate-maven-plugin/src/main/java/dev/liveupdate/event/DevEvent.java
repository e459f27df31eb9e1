package dev.liveupdate.event;

import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.FileCopy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the live-update engine reports. The engine never logs: the mojo renders these events, and
 * tests assert on them.
 */
public sealed interface DevEvent {

  /** The watcher is up: these roots are watched. */
  record Watching(List<Path> roots, String target, Duration startup, int folders, int files)
      implements DevEvent {}

  /** A warning that does not stop the loop (a file that cannot be copied, a watch that failed). */
  record Warning(String message) implements DevEvent {}

  /** A batch of changes cannot be live-updated: the image needs a rebuild. */
  record RebuildNeeded(String reason) implements DevEvent {}

  /** A full rebuild starts: image build, push, rollout. */
  record RebuildStarted(String reason) implements DevEvent {}

  /** A line about the rebuild's progress: the image build's milestones, the rollout's status. */
  record RebuildProgress(String line, boolean warning) implements DevEvent {}

  /** The new image runs: the Deployment was rolled out to it. */
  record RebuildFinished(String image, Duration build, Duration total) implements DevEvent {}

  /** The rebuild failed; the loop goes on and the next change tries it again. */
  record RebuildFailed(String reason) implements DevEvent {}

  /** No running container of the target: the changes are kept and tried again. */
  record NoRunningContainers(String target, int pendingChanges) implements DevEvent {}

  /** The cluster could not be asked or told: the changes are kept and tried again. */
  record ClusterUnavailable(String reason, Duration retryIn) implements DevEvent {}

  /**
   * An update starts: these files go to, and these paths are removed from, these containers.
   * {@code catchUp}: the containers are new (a new replica, a restart) or missed an update, and
   * receive everything synced since the image was built.
   */
  record UpdateStarted(List<FileCopy> copies, List<String> deletes, List<ContainerRef> containers,
      boolean catchUp) implements DevEvent {}

  /** A run step starts in one container ({@code index} counts from 1). */
  record RunStepStarted(ContainerRef container, int index, int total, String command)
      implements DevEvent {}

  /** A line printed by a command in a container. */
  record CommandOutput(ContainerRef container, String line, boolean stderr) implements DevEvent {}

  /** One container received the whole update, its run steps included. */
  record ContainerUpdated(ContainerRef container, Duration took) implements DevEvent {}

  /** One container did not; {@code retried} says whether its changes are kept for another try. */
  record ContainerUpdateFailed(ContainerRef container, String reason, boolean retried)
      implements DevEvent {}

  /** Every container of the update is done, well or not. */
  record UpdateFinished(int updated, int failed, Duration took) implements DevEvent {}

  /** A one-shot sync starts: it compares these many running containers of the target. */
  record SyncStarted(String target, int containers, List<String> destinations)
      implements DevEvent {}

  /**
   * A one-shot sync brought one container up to date: it sent {@code copied} files and links,
   * removed {@code deleted} paths, and found {@code upToDate} already equal. When
   * {@code rebuildNeeded}, some differences were left out: they need an image rebuild.
   */
  record ContainerSynced(ContainerRef container, int copied, int deleted, int upToDate,
      boolean rebuildNeeded) implements DevEvent {}
}
