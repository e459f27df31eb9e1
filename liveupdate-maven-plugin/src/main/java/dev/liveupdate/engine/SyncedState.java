package dev.liveupdate.engine;

import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.watch.ChangeBatch;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the running containers hold, as far as the dev loop knows; plain state, no cluster, no
 * clock. The rule: <b>whatever the session has put into containers reaches every later
 * container, and nothing a container holds already is sent to it again.</b>
 *
 * <ul>
 *   <li><b>History</b> is what the session has sent since its baseline: the files the start-up
 *       sync sent (to any container), followed by every change synced since. A container up to
 *       date ({@code upToDate}, by container ID) holds the baseline and all of history, and is
 *       owed only the {@code fresh} changes, not yet offered to it. One that is not — it started
 *       since (a restart, a new replica, a rollout the session did not make), or missed an
 *       update — is owed what it lacks, as follows.
 *   <li><b>After a start-up sync</b> (the default), the baseline is the local tree as the synced
 *       containers then matched it. A container that starts later holds its image instead, which
 *       may lack more than the history: what an earlier session sent, which the start-up sync
 *       found in place. So a container not up to date is {@linkplain #needsComparison compared}
 *       with the local tree as the start-up sync compares (one listing exec) and sent exactly
 *       what differs, deletes included. When no listing can be had of it (no {@code sha256sum}
 *       in the image, say), it is owed the history: all the session itself has sent.
 *   <li><b>Without a start-up sync</b> ({@code onStart=none}: the running containers are
 *       trusted) <b>and after the session rebuilt the image</b> (the new image holds every
 *       change made before its build began), the image is the baseline: the containers running
 *       at the next round hold it, history starts empty, and a container not up to date is owed
 *       the whole history, deletes included.
 * </ul>
 */
final class SyncedState {

  private ChangeBatch history = ChangeBatch.EMPTY;
  private ChangeBatch fresh = ChangeBatch.EMPTY;
  /** Containers holding the baseline and all of history. */
  private final Set<String> upToDate = new HashSet<>();
  private boolean baselined;
  /** Whether a container not up to date may lack more than history: it is compared first. */
  private boolean compareNew;

  /** Changes synced from now on: part of history, and fresh. */
  void add(ChangeBatch syncable) {
    history = history.followedBy(syncable);
    fresh = fresh.followedBy(syncable);
  }

  /**
   * The start-up sync ran: it sent {@code sent} and brought the containers {@code synced} (IDs)
   * up to date with the local tree. Any other container is compared before it is updated.
   */
  void startUpSynced(ChangeBatch sent, Set<String> synced) {
    history = sent.followedBy(history);
    upToDate.addAll(synced);
    baselined = true;
    compareNew = true;
  }

  /**
   * Every container is compared with the local tree on the next round, as after a start-up sync
   * (Enter in automatic trigger mode asks for it).
   */
  void compareAll() {
    upToDate.clear();
    baselined = true;
    compareNew = true;
  }

  /**
   * The containers running now. The first time (without a start-up sync, or since the image was
   * rebuilt), whatever runs holds the baseline. Containers gone are forgotten.
   */
  void observe(List<ContainerRef> running) {
    if (!baselined) {
      running.forEach(c -> upToDate.add(c.containerId()));
      baselined = true;
    }
    List<String> ids = running.stream().map(ContainerRef::containerId).toList();
    upToDate.retainAll(ids);
  }

  /** Whether the container lacks more than the fresh changes. */
  boolean catchingUp(ContainerRef container) {
    return !upToDate.contains(container.containerId());
  }

  /**
   * Whether the container must be compared with the local tree before it is updated: the session
   * began with a start-up sync, and the container is not up to date (it started since, or missed
   * an update).
   */
  boolean needsComparison(ContainerRef container) {
    return compareNew && catchingUp(container);
  }

  /** What the container is owed, short of a comparison: the fresh changes, or all of history. */
  ChangeBatch owedTo(ContainerRef container) {
    return catchingUp(container) ? history : fresh;
  }

  /** The container holds the local tree as the session last sent it. */
  void holdsAll(ContainerRef container) {
    upToDate.add(container.containerId());
  }

  /** The container missed an update: it is owed the whole history, or a comparison. */
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
   * with; its containers are the new baseline, and so is the image of those that start later.
   */
  void imageRebuilt() {
    history = ChangeBatch.EMPTY;
    fresh = ChangeBatch.EMPTY;
    upToDate.clear();
    baselined = false;
    compareNew = false;
  }
}
