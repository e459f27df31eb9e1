package dev.liveupdate.image;

import java.nio.file.Path;

/** What an image build reports; the engine maps these to its own events. */
public sealed interface BuildEvent {

  /**
   * How much a message matters, jib's levels. jib's Maven plugin shows ERROR, WARN, LIFECYCLE
   * and PROGRESS, and INFO and DEBUG only with {@code -X}: INFO lists every file of every layer.
   */
  enum Level {
    /** The build failed. */
    ERROR,
    /** Something the user should fix, the build goes on. */
    WARN,
    /** A milestone the user wants to see ("Built and pushed image as …"). */
    LIFECYCLE,
    /** A step starts ("Building /app/api layer…"). */
    PROGRESS,
    /** Detail ("Skipping push; BLOB already exists …"). */
    INFO,
    /** Detail for debugging. */
    DEBUG
  }

  /** The build starts: {@code from} is the base image, {@code to} the image pushed. */
  record Started(String from, String to) implements BuildEvent {}

  /** One layer's files were listed: {@code files} regular files below {@code containerPath}. */
  record LayerScanned(Path from, String containerPath, int files, long bytes) implements BuildEvent {}

  /** A file left out of a layer, and why (a symbolic link pointing outside the layer, a socket). */
  record FileSkipped(Path file, String reason) implements BuildEvent {}

  /** The build and push are {@code percent} done (reported in steps of 10). */
  record Progress(int percent) implements BuildEvent {}

  /** A message from jib-core; never contains credentials. */
  record Log(Level level, String message) implements BuildEvent {}
}
