package dev.liveupdate.javaloop;

import dev.liveupdate.config.JavaApp;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.jib.InferredSync;
import dev.liveupdate.jib.JibLayout;
import java.nio.file.Path;
import java.util.List;

/**
 * The sync rules and the {@link JavaApp} of a Jib module, from the layout its Jib configuration
 * implies ({@link JibLayout#infer}). The classes and the resources of the output directory are
 * syncs that own their destinations ({@code {appRoot}/classes}, {@code {appRoot}/resources}: Jib's
 * layers, nothing else is there), so a class deleted locally is deleted in the container; an
 * extra directory's sync only copies, since its destination ({@code /} by default) holds the base
 * image's files too.
 */
public final class InferredSyncs {

  private InferredSyncs() {}

  /** The rules, in Jib's order: classes, resources, then each extra directory. */
  public static List<SyncRule> rules(JibLayout.Inferred layout, Path outputDirectory) {
    Path output = outputDirectory.toAbsolutePath().normalize();
    return layout.syncs().stream()
        .map(sync -> new SyncRule(sync.source(), sync.containerDir(), sync.filter(),
            sync.source().equals(output)))
        .toList();
  }

  /** What the syncs mean for the app: a change in its class path restarts it; a POM rebuilds. */
  public static JavaApp app(JibLayout.Inferred layout, Path outputDirectory) {
    Path output = outputDirectory.toAbsolutePath().normalize();
    return new JavaApp(layout.syncs().stream().filter(sync -> sync.source().equals(output))
        .map(InferredSync::containerDir).toList(), layout.rebuildOn());
  }
}
