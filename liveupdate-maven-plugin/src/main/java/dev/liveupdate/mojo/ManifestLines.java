package dev.liveupdate.mojo;

import dev.liveupdate.manifest.ManifestEvent;

/** The console line of a {@link ManifestEvent}. */
final class ManifestLines {

  private ManifestLines() {}

  static String of(ManifestEvent event) {
    if (event instanceof ManifestEvent.Applied applied) {
      return "applied " + applied.ref() + " (" + applied.outcome() + ")";
    }
    if (event instanceof ManifestEvent.Deleted deleted) {
      return deleted.existed() ? "deleted " + deleted.ref()
          : deleted.ref() + " not found (nothing to delete)";
    }
    return ((ManifestEvent.Progress) event).line();
  }
}
