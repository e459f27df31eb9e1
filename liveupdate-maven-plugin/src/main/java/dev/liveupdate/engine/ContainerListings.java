package dev.liveupdate.engine;

import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.sync.ContainerListing;
import dev.liveupdate.sync.Transport;
import dev.liveupdate.sync.Transports;
import dev.liveupdate.sync.TreeEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What running containers hold below the sync destinations, read with one listing exec each
 * ({@link ContainerListing}, or the dev image's {@code ListTree} where the container has no shell:
 * {@link Transports}), all containers at once: for the one-shot sync, and for the dev loop
 * comparing a container that started during the session ({@link TreeComparison}).
 */
final class ContainerListings {

  private final Cluster cluster;
  private final Transports transports;

  ContainerListings(Cluster cluster, Transports transports) {
    this.cluster = cluster;
    this.transports = transports;
  }

  /** What a container holds below the destinations, or why that could not be read. */
  record Listing(SortedMap<String, TreeEntry> entries, String failure, Throwable cause) {
    static Listing failed(String why) {
      return new Listing(null, why, null);
    }

    static Listing failed(String why, Throwable cause) {
      return new Listing(null, why, cause);
    }
  }

  /** Each container's listing below {@code roots} (outermost destinations), all at once. */
  Map<ContainerRef, Listing> list(List<ContainerRef> containers, List<String> roots)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(containers.size(), 8), task -> {
      Thread thread = new Thread(task, "liveupdate-listing");
      thread.setDaemon(true);
      return thread;
    });
    try {
      Map<ContainerRef, Future<Listing>> futures = new LinkedHashMap<>();
      for (ContainerRef container : containers) {
        futures.put(container, pool.submit(() -> listOne(container, roots)));
      }
      Map<ContainerRef, Listing> listings = new LinkedHashMap<>();
      for (Map.Entry<ContainerRef, Future<Listing>> e : futures.entrySet()) {
        try {
          listings.put(e.getKey(), e.getValue().get());
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          listings.put(e.getKey(), Listing.failed("listing its files failed: "
              + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause));
        }
      }
      return listings;
    } finally {
      pool.shutdownNow();
    }
  }

  private Listing listOne(ContainerRef container, List<String> roots) throws InterruptedException {
    Transport transport = transports.of(container);
    List<String> lines = new ArrayList<>();
    ExecResult result;
    try {
      result = cluster.exec(container, transport.listCommand(roots), null, line -> {
        if (!line.stderr()) {
          synchronized (lines) {
            lines.add(line.text());
          }
        }
      }, EngineSession.COPY_TIMEOUT);
    } catch (ClusterException e) {
      if (Transports.notFound(e.getMessage())) {
        return fallBack(container, roots, transport, transport.program());
      }
      return Listing.failed("cannot list its files below " + String.join(", ", roots) + ": "
          + e.getMessage(), e);
    }
    if (!result.succeeded()) {
      Optional<String> missing =
          Transports.missingTool(transport, result.exitCode(), result.stderrTail());
      if (missing.isPresent()) {
        return fallBack(container, roots, transport, missing.get());
      }
      return Listing.failed("listing its files below " + String.join(", ", roots)
          + " failed (exit " + result.exitCode() + ")" + (result.stderrTail().isBlank() ? ""
          : ": " + result.stderrTail().replace('\n', ' ').trim()));
    }
    try {
      synchronized (lines) {
        // the lines as the exec split them, joined back: the listing frames records with NUL
        return new Listing(ContainerListing.parse(String.join("\n", lines)), null, null);
      }
    } catch (IllegalArgumentException e) {
      return Listing.failed(e.getMessage(), e);
    }
  }

  /** Lists again through the Java transport when the container has it; else says why not. */
  private Listing fallBack(ContainerRef container, List<String> roots, Transport transport,
      String missing) throws InterruptedException {
    Transports.Fallback fallback = transports.fallBack(container, transport, missing);
    if (fallback.transport().isPresent()) {
      return listOne(container, roots);
    }
    return Listing.failed("cannot list its files: " + fallback.why() + "; " + Transports.FIX);
  }
}
