package dev.liveupdate.kube;

/** Background work on the cluster (log streams, port-forwards) that its owner stops. */
@FunctionalInterface
public interface Stoppable extends AutoCloseable {

  /** Nothing to stop. */
  Stoppable NONE = () -> { };

  /** Stops the work and closes its threads and connections; never throws. */
  @Override
  void close();
}
