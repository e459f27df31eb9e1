package dev.liveupdate.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.sync.ShelllessCluster;
import dev.liveupdate.sync.Transport;
import dev.liveupdate.sync.Transports;
import dev.liveupdate.sync.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container without a shell is listed through the dev image's {@code ListTree} once its
 * transport is found, with the same entries the shell's listing gives; without the receiver, the
 * listing fails saying what to do.
 */
class ContainerListingsTransportTest {

  @TempDir Path tmp;

  @Test
  void aContainerWithoutShIsListedThroughListTree() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("app/classes/demo"));
    Files.writeString(root.resolve("Greeting.class"), "bytes");
    Files.createSymbolicLink(root.resolve("link"), Path.of("Greeting.class"));
    ShelllessCluster cluster = new ShelllessCluster(false, true);
    String classes = tmp.resolve("app/classes").toString();
    ContainerListings listings = new ContainerListings(cluster,
        new Transports(cluster, List.of(classes)));

    Map<ContainerRef, ContainerListings.Listing> first =
        listings.list(List.of(ShelllessCluster.CONTAINER), List.of(classes));
    listings.list(List.of(ShelllessCluster.CONTAINER), List.of(classes));

    ContainerListings.Listing listing = first.get(ShelllessCluster.CONTAINER);
    assertNull(listing.failure(), listing.failure());
    assertEquals(TreeEntry.Kind.FILE, listing.entries().get(root + "/Greeting.class").kind());
    assertEquals(TreeEntry.symlink("Greeting.class"), listing.entries().get(root + "/link"));
    assertTrue(listing.entries().get(root.toString()).isDirectory());
    assertEquals(List.of("sh", "java", "java", "java"),
        cluster.execs.stream().map(c -> c.get(0)).toList(),
        "the shell's listing, the probe, ListTree; then ListTree alone");
  }

  @Test
  void withoutTheReceiverTheListingSaysWhatToDo() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(false, false);
    ContainerListings listings = new ContainerListings(cluster,
        new Transports(cluster, List.of("/app/classes")));

    ContainerListings.Listing listing = listings.list(List.of(ShelllessCluster.CONTAINER),
        List.of("/app/classes")).get(ShelllessCluster.CONTAINER);

    assertEquals("cannot list its files: it has no 'sh', which the shell transport needs (sh and"
        + " tar), and no " + Transport.JAR + " (the dev image's receiver): it does not run the"
        + " dev image; " + Transports.FIX, listing.failure());
  }
}
