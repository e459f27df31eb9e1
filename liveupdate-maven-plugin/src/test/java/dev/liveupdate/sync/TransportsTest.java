package dev.liveupdate.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.kube.ExecResult;
import dev.liveupdate.kube.PermanentClusterException;
import dev.liveupdate.plan.FileCopy;
import dev.liveupdate.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport is chosen per container from what its execs say: a container without {@code sh}
 * or {@code tar} that has the dev image's receiver is updated and listed through it, with the
 * copy script's semantics, real {@code Receive} and {@code ListTree} processes doing the work; one
 * without it is said once to be permanent, naming the fix.
 */
class TransportsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private Path local;
  private Path classes;
  private final List<DevEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void trees() throws Exception {
    local = Files.createDirectories(tmp.resolve("local"));
    classes = Files.createDirectories(tmp.resolve("container/app/classes"));
    Files.writeString(classes.resolve("Old.class"), "old");
    Files.writeString(classes.resolve("Kept.class"), "kept");
  }

  @Test
  void withoutShTheReceiverAppliesDeletesAndModesAndIsChosenOnce() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(false, true);
    ContainerUpdater updater = updater(cluster);

    ContainerUpdater.Outcome first = updater.update(ShelllessCluster.CONTAINER,
        plan("run.sh", "#!/bin/true\n", true, classes.resolve("Old.class").toString()), true);

    assertTrue(first.updated(), first.reason());
    assertFalse(Files.exists(classes.resolve("Old.class")), "deleted");
    assertEquals("#!/bin/true\n", Files.readString(classes.resolve("run.sh")));
    assertTrue(Files.isExecutable(classes.resolve("run.sh")), "mode carried");
    assertEquals("kept", Files.readString(classes.resolve("Kept.class")));
    assertEquals(List.of("sh", "java", "java"), programs(cluster), "copy, probe, copy again");
    assertTrue(cluster.execs.get(2).contains("dev.liveupdate.supervisor.Receive"));

    ContainerUpdater.Outcome second = updater.update(ShelllessCluster.CONTAINER,
        plan("New.class", "new", false), true);

    assertTrue(second.updated(), second.reason());
    assertEquals("new", Files.readString(classes.resolve("New.class")));
    assertEquals(List.of("sh", "java", "java", "java"), programs(cluster),
        "the choice is kept for the container: no shell attempt, no probe");
  }

  @Test
  void withoutTarTheReceiverTakesTheUpdate() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(true, true);

    ContainerUpdater.Outcome outcome = updater(cluster).update(ShelllessCluster.CONTAINER,
        plan("New.class", "new", false), true);

    assertTrue(outcome.updated(), outcome.reason());
    assertEquals("new", Files.readString(classes.resolve("New.class")));
    assertEquals(List.of("sh", "java", "java"), programs(cluster));
  }

  @Test
  void theReceiverRefusesAPathOutsideTheDestinations() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(false, true);
    Path outside = Files.writeString(Files.createDirectories(tmp.resolve("container/etc"))
        .resolve("passwd"), "root");

    ContainerUpdater.Outcome outcome = updater(cluster).update(ShelllessCluster.CONTAINER,
        plan("New.class", "new", false, outside.toString()), true);

    assertFalse(outcome.updated());
    assertTrue(outcome.retry(), "a refused update is a failed copy, as with the shell");
    assertTrue(outcome.reason().startsWith("copying files failed (exit 65)"), outcome.reason());
    assertEquals("root", Files.readString(outside), "nothing outside the destination is touched");
  }

  @Test
  void withoutTheReceiverEitherTheMessageIsPermanentAndNamesTheFix() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(false, false);
    ContainerUpdater updater = updater(cluster);

    ContainerUpdater.Outcome first = updater.update(ShelllessCluster.CONTAINER,
        plan("New.class", "new", false), true);
    ContainerUpdater.Outcome second = updater.update(ShelllessCluster.CONTAINER,
        plan("New.class", "new", false), true);

    assertFalse(first.updated());
    assertFalse(first.retry());
    assertEquals("it has no 'sh', which the shell transport needs (sh and tar), and no "
        + Transport.JAR + " (the dev image's receiver): it does not run the dev image: a"
        + " permanent condition, not tried again in this container; " + Transports.FIX,
        first.reason());
    assertFalse(second.updated());
    assertEquals(List.of("sh", "java"), programs(cluster), "said once, not tried again");
    assertEquals(1, events.stream().filter(DevEvent.ContainerUpdateFailed.class::isInstance)
        .count());
  }

  @Test
  void theListingGoesThroughListTreeOnceChosen() throws Exception {
    ShelllessCluster cluster = new ShelllessCluster(false, true);
    Transports transports = new Transports(cluster, List.of(classes.toString()));
    Files.setPosixFilePermissions(classes.resolve("Kept.class"),
        PosixFilePermissions.fromString("rwxr-xr-x"));

    Transports.Fallback fallback =
        transports.fallBack(ShelllessCluster.CONTAINER, Transport.SHELL, "sh");
    StringBuilder out = new StringBuilder();
    ExecResult listed = cluster.exec(ShelllessCluster.CONTAINER, transports
        .of(ShelllessCluster.CONTAINER).listCommand(List.of(classes.toString())), null,
        line -> out.append(line.text()).append('\n'), TIMEOUT);

    assertTrue(fallback.transport().isPresent(), fallback.why());
    assertEquals(0, listed.exitCode(), listed.stderrTail());
    var entries = ContainerListing.parse(out.toString());
    assertEquals(TreeEntry.Kind.FILE, entries.get(classes + "/Old.class").kind());
    assertTrue(entries.get(classes + "/Kept.class").executable());
  }

  @Test
  void theTargetCheckPassesWithTheReceiverAndWhenTheDevImageIsComing() throws Exception {
    ContainerTools.check(new ShelllessCluster(false, true),
        new Transports(new ShelllessCluster(false, true), List.of("/app")),
        ShelllessCluster.CONTAINER, TIMEOUT, false);
    ShelllessCluster plain = new ShelllessCluster(false, false);
    ContainerTools.check(plain, new Transports(plain, List.of("/app")),
        ShelllessCluster.CONTAINER, TIMEOUT, true);

    PermanentClusterException e = assertThrows(PermanentClusterException.class, () ->
        ContainerTools.check(plain, new Transports(plain, List.of("/app")),
            ShelllessCluster.CONTAINER, TIMEOUT, false));
    assertTrue(e.getMessage().contains("distroless and scratch images have none"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("nor has it the dev image's receiver, which needs no shell"
        + " (no " + Transport.JAR + " (the dev image's receiver): it does not run the dev image): "
        + Transports.FIX), e.getMessage());
  }

  @Test
  void theJavaCommandCarriesTheDestinationsAndTheRestartRequest() {
    Transport java = new Transport.Java(List.of("/app/classes", "/app/resources"));
    RestartAfterCopy restart = RestartAfterCopy.of(new Plan.LiveUpdate(List.of(), List.of(),
        List.of(), new dev.liveupdate.plan.Reload.Restart("test"))).orElseThrow();

    List<String> command = java.copyCommand(Optional.of(restart));

    assertEquals(List.of("dev.liveupdate.supervisor.Receive", "--to", "/app/classes", "--to",
        "/app/resources", "--then", "restart", "--id", restart.id(), "--wait", RestartAfterCopy.WAIT.toSeconds() + "s",
        "--control", "/opt/liveupdate/control"),
        command.subList(command.indexOf(Transport.JAR) + 1, command.size()));
    assertEquals("java", command.get(0));
  }

  private ContainerUpdater updater(ShelllessCluster cluster) {
    return new ContainerUpdater(cluster, events::add, TIMEOUT, TIMEOUT,
        new Transports(cluster, List.of(classes.toString())));
  }

  private Plan.LiveUpdate plan(String name, String content, boolean executable,
      String... deletes) throws Exception {
    Path file = Files.writeString(local.resolve(name), content);
    if (executable) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return new Plan.LiveUpdate(List.of(new FileCopy(file, local, classes + "/" + name)),
        List.of(deletes), List.of());
  }

  private static List<String> programs(ShelllessCluster cluster) {
    return cluster.execs.stream().map(c -> c.get(0)).toList();
  }
}
