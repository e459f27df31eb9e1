package dev.liveupdate.ignore;

import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link IgnoreRules} of one module, made from its configuration in one place for every use:
 * what the watcher never reports and a one-shot sync never sends or deletes
 * ({@link #forSyncs}), and what an image build leaves out ({@link #forImage}). Both apply the
 * defaults (version control, editor files, the build directory) and {@code <ignores>}.
 */
public final class ModuleIgnores {

  private ModuleIgnores() {}

  /**
   * The rules of the watcher and the one-shot sync: the module is the build context, as a
   * Tiltfile's docker context, so every file in it either syncs or needs a rebuild, unless ignored
   * here. A sync source inside the build directory ({@code target/classes}) is not ignored.
   * Nor are the {@code <manifests>} files outside every sync source: they are applied at start,
   * and an edit to one is neither a live update nor a reason to rebuild the image.
   */
  public static IgnoreRules forSyncs(LiveUpdateConfig config) {
    List<String> ignores = new ArrayList<>(config.ignores());
    config.manifests().stream()
        .filter(file -> config.syncs().stream().noneMatch(sync -> file.startsWith(sync.from())))
        .map(config::relativePath)
        .forEach(ignores::add);
    return IgnoreRules.of(config.basedir(), config.buildDir(),
        config.syncs().stream().map(SyncRule::from).toList(), ignores);
  }

  /**
   * The rules of an image build: those of {@link #forSyncs}, and a layer directory inside the
   * build directory ({@code target/classes}) counts as a synced source, so the build-directory
   * rule does not empty it; a layer containing the build directory ({@code .}) does not, so
   * {@code target/} stays out.
   */
  public static IgnoreRules forImage(LiveUpdateConfig config) {
    List<Path> sources = new ArrayList<>();
    config.syncs().stream().map(SyncRule::from).forEach(sources::add);
    config.image().ifPresent(image -> image.layers().stream()
        .map(ImageLayer::from)
        .filter(from -> from.startsWith(config.buildDir()) && !from.equals(config.buildDir()))
        .forEach(sources::add));
    return IgnoreRules.of(config.basedir(), config.buildDir(), sources, config.ignores());
  }
}
