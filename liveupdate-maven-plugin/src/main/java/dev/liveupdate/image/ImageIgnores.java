package dev.liveupdate.image;

import dev.liveupdate.config.ImageLayer;
import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.config.SyncRule;
import dev.liveupdate.watch.IgnoreRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files an image build leaves out: the watcher's rules (version control, editor files,
 * {@code <ignores>}, the build directory). A layer directory inside the build directory
 * ({@code target/classes}) counts as a synced source, so the build-directory rule does not empty
 * it; a layer containing the build directory ({@code .}) does not, so {@code target/} stays out.
 */
public final class ImageIgnores {

  private ImageIgnores() {}

  public static IgnoreRules of(LiveUpdateConfig config) {
    List<Path> sources = new ArrayList<>();
    config.syncs().stream().map(SyncRule::from).forEach(sources::add);
    config.image().ifPresent(image -> image.layers().stream()
        .map(ImageLayer::from)
        .filter(from -> from.startsWith(config.buildDir()) && !from.equals(config.buildDir()))
        .forEach(sources::add));
    return IgnoreRules.of(config.basedir(), config.buildDir(), sources, config.ignores());
  }
}
