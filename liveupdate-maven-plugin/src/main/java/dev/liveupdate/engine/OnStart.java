package dev.liveupdate.engine;

import java.util.Locale;

/**
 * What {@code dev} does before it starts watching.
 *
 * <ul>
 *   <li>{@code sync} (the default): compares the containers with the local tree (content hashes,
 *       one exec per container) and sends only what differs, so edits made while {@code dev} was
 *       not running are not lost. Costs one listing per container when nothing differs.
 *   <li>{@code build}: rebuilds the image and rolls it out first (needs {@code <image>}): for a
 *       cluster known to run an old image.
 *   <li>{@code none}: trusts the running containers, as Tilt does without {@code initial_sync}.
 * </ul>
 */
public enum OnStart {
  NONE, SYNC, BUILD;

  public static OnStart parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("liveupdate.onStart must be none, sync or build, got '"
          + value + "'", e);
    }
  }
}
