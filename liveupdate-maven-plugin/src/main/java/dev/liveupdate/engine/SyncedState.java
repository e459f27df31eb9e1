package dev.liveupdate.engine;

import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.watch.ChangeBatch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the running containers hold, as far as the dev loop knows; plain state, no cluster, no
 * clock. A change is never dropped: {@code history} is every change synced since the image was
 * built, {@code fresh} the latest ones not yet offered to the containers that were up to date,
 * and {@code upToDate} the containers (by ID) that hold all of history. A container not up to
 * date — a new replica, a restarted container, one whose update failed — is owed the whole
 * history, deletes included; one up to date only the fresh changes.
 */
final class SyncedState {

  private ChangeBatch history = ChangeBatch.EMPTY;
  private ChangeBatch fresh = ChangeBatch.EMPTY;
  private final Set<String> upToDate = new HashSet<>();
  private boolean baselined;

  /** Changes synced from now on: part of history, and fresh. */
  void add(ChangeBatch syncable) {
    history = history.followedBy(syncable);
    fresh = fresh.followedBy(syncable);
  }

  /**
   * The containers running now. The first time (since the image), whatever runs holds the image
   * as built: nothing to catch up with. Containers gone are forgotten.
   */
  void observe(List<ContainerRef> running) {
    if (!baselined) {
      running.forEach(c -> upToDate.add(c.containerId()));
      baselined = true;
    }
    upToDate.retainAll(running.stream().map(ContainerRef::containerId).toList());
  }

  /** Whether the container lacks more than the fresh changes: it is owed the whole history. */
  boolean catchingUp(ContainerRef container) {
    return !upToDate.contains(container.containerId());
  }

  /** What the container is owed: the fresh changes, or all of history. */
  ChangeBatch owedTo(ContainerRef container) {
    return catchingUp(container) ? history : fresh;
  }

  /** The container holds everything synced since the image. */
  void holdsAll(ContainerRef container) {
    upToDate.add(container.containerId());
  }

  /** The container missed an update: it is owed the whole history from now on. */
  void missed(ContainerRef container) {
    upToDate.remove(container.containerId());
  }

  boolean hasFresh() {
    return !fresh.isEmpty();
  }

  int freshCount() {
    return fresh.size();
  }

  /** How many changes a container not up to date would be owed. */
  int historyCount() {
    return history.size();
  }

  /** The fresh changes were offered to every running container. */
  void freshOffered() {
    fresh = ChangeBatch.EMPTY;
  }

  /**
   * A new image runs, holding every change made before its build began: nothing to catch up
   * with; its containers are the new baseline.
   */
  void imageRebuilt() {
    history = ChangeBatch.EMPTY;
    fresh = ChangeBatch.EMPTY;
    upToDate.clear();
    baselined = false;
  }
}
