package dev.liveupdate.engine;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.ignore.IgnoreRules;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.sync.ContainerListing;
import dev.liveupdate.sync.LocalTree;
import dev.liveupdate.sync.TreeDiff;
import dev.liveupdate.watch.ChangeBatch;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotLinkException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares containers with the local tree as it is now, as the start-up sync does: one listing
 * exec per container, the local tree read and hashed once for all. What a container lacks comes
 * back as changes ({@link TreeDiff}), which the dev loop plans and sends as any other: a
 * container that started during the session gets exactly what differs from its image.
 */
final class TreeComparison {

  /**
   * One container's comparison.
   *
   * @param differences the local paths to send and to remove; null when they could not be read
   * @param failure     why not, when not
   * @param cause       the failure behind it, if any
   */
  record Result(ChangeBatch differences, String failure, Throwable cause) {
    boolean compared() {
      return differences != null;
    }

    /** The listing exec could not run (the container going away, the API refusing). */
    boolean worthRetrying() {
      return cause instanceof ClusterException;
    }
  }

  private static final int SCANS = 3;
  /** Why reading a file fails when it was just replaced by a folder, or the reverse. */
  private static final java.util.Set<String> CHANGING = java.util.Set.of("Is a directory",
      "Not a directory");

  private final LiveUpdateConfig config;
  private final IgnoreRules ignores;
  private final ContainerListings listings;

  TreeComparison(EngineSession session) {
    this.config = session.config();
    this.ignores = session.ignores();
    this.listings = new ContainerListings(session.cluster(), session.transports());
  }

  /** Each container's differences with the local tree, in the order given. */
  Map<ContainerRef, Result> compare(List<ContainerRef> containers) throws InterruptedException {
    Map<ContainerRef, Result> results = new LinkedHashMap<>();
    LocalTree local;
    try {
      local = scan();
    } catch (IOException e) {
      containers.forEach(c -> results.put(c, new Result(null,
          "the local tree cannot be read: " + e.getMessage(), e)));
      return results;
    }
    Map<ContainerRef, ContainerListings.Listing> listed = listings.list(containers,
        ContainerListing.outermost(config.syncs().stream().map(SyncRule::to).toList()));
    for (ContainerRef container : containers) {
      ContainerListings.Listing listing = listed.get(container);
      results.put(container, listing.entries() == null
          ? new Result(null, listing.failure(), listing.cause())
          : new Result(TreeDiff.between(config, ignores, local, listing.entries()).batch(), null,
              null));
    }
    return results;
  }

  /**
   * The local tree; read again (up to {@value #SCANS} times in all) when it changed while it was
   * read — a file gone or replaced by a folder under the scan — as it may while the user works.
   */
  private LocalTree scan() throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        return LocalTree.scan(config, ignores);
      } catch (FileSystemException e) {
        if (attempt == SCANS || !(e instanceof NoSuchFileException
            || e instanceof NotLinkException || CHANGING.contains(e.getReason()))) {
          throw e;
        }
      }
    }
  }
}
