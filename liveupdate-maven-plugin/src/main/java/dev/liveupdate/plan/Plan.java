package dev.liveupdate.plan;

import dev.liveupdate.config.RunStep;
import java.util.List;

/** What one batch of changes means for the cluster. */
public sealed interface Plan {

  /**
   * Copy these files, delete these container paths, then run these steps, in every target
   * container.
   *
   * @param copies  files to copy, each to a path inside a sync destination
   * @param deletes container paths to remove, each inside a sync destination
   * @param runs    the run steps whose triggers matched, in declaration order
   */
  record LiveUpdate(List<FileCopy> copies, List<String> deletes, List<RunStep> runs)
      implements Plan {
    public LiveUpdate {
      copies = List.copyOf(copies);
      deletes = List.copyOf(deletes);
      runs = List.copyOf(runs);
    }
  }

  /** The change cannot be expressed as a live update: the image must be rebuilt. */
  record Rebuild(String reason) implements Plan {}

  /** Nothing to do (for example, only ignored files changed). */
  record Nothing() implements Plan {}
}
