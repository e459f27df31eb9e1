package dev.liveupdate.plan;

import dev.liveupdate.config.RunStep;
import java.util.List;

/** What one batch of changes means for the cluster. */
public sealed interface Plan {

  /**
   * Copy these files, delete these container paths, reload the app as said, then run these
   * steps, in every target container.
   *
   * @param copies  files to copy, each to a path inside a sync destination
   * @param deletes container paths to remove, each inside a sync destination
   * @param runs    the run steps whose triggers matched, in declaration order
   * @param reload  what the app needs once the files are in place ({@link ReloadDecision}),
   *                done in the same exec as the copy
   */
  record LiveUpdate(List<FileCopy> copies, List<String> deletes, List<RunStep> runs,
      Reload reload) implements Plan {
    public LiveUpdate {
      copies = List.copyOf(copies);
      deletes = List.copyOf(deletes);
      runs = List.copyOf(runs);
      java.util.Objects.requireNonNull(reload, "reload");
    }

    /** Copies, deletes and run steps, and no reload. */
    public LiveUpdate(List<FileCopy> copies, List<String> deletes, List<RunStep> runs) {
      this(copies, deletes, runs, Reload.NONE);
    }
  }

  /** The change cannot be expressed as a live update: the image must be rebuilt. */
  record Rebuild(String reason) implements Plan {}

  /** Nothing to do (for example, only ignored files changed). */
  record Nothing() implements Plan {}
}
