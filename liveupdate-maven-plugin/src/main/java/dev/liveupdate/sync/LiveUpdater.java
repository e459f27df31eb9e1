package dev.liveupdate.sync;

import dev.liveupdate.event.DevEvent;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.ContainerRef;
import dev.liveupdate.plan.Plan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Applies a live update to every target container in parallel. */
public final class LiveUpdater implements AutoCloseable {

  private final ContainerUpdater updater;
  private final DevListener listener;
  private final ExecutorService pool;

  public LiveUpdater(ContainerUpdater updater, DevListener listener) {
    this.updater = updater;
    this.listener = listener;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "liveupdate-container-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * One container's part of an update.
   *
   * @param catchUp whether the plan brings a container that missed earlier updates up to date
   */
  public record Assignment(ContainerRef container, Plan.LiveUpdate plan, boolean catchUp) {}

  /**
   * Updates every container with its own plan, in parallel; outcomes in the order given. A failed
   * container is reported as one the caller tries again (the dev loop).
   */
  public List<ContainerUpdater.Outcome> apply(List<Assignment> assignments)
      throws InterruptedException {
    return apply(assignments, true);
  }

  /** As {@link #apply}, for a caller that tries nothing again (a one-shot sync). */
  public List<ContainerUpdater.Outcome> applyOnce(List<Assignment> assignments)
      throws InterruptedException {
    return apply(assignments, false);
  }

  private List<ContainerUpdater.Outcome> apply(List<Assignment> assignments, boolean retried)
      throws InterruptedException {
    long start = System.nanoTime();
    Map<Assignment, List<ContainerRef>> groups = new LinkedHashMap<>();
    for (Assignment a : assignments) {
      groups.computeIfAbsent(new Assignment(null, a.plan(), a.catchUp()), k -> new ArrayList<>())
          .add(a.container());
    }
    groups.forEach((group, containers) -> listener.on(new DevEvent.UpdateStarted(
        group.plan().copies(), group.plan().deletes(), containers, group.catchUp())));
    List<Future<ContainerUpdater.Outcome>> futures = new ArrayList<>();
    for (Assignment a : assignments) {
      futures.add(pool.submit(() -> updater.update(a.container(), a.plan(), retried)));
    }
    List<ContainerUpdater.Outcome> outcomes = new ArrayList<>();
    try {
      for (int i = 0; i < futures.size(); i++) {
        outcomes.add(outcome(assignments.get(i).container(), futures.get(i), retried));
      }
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
    long updated = outcomes.stream().filter(ContainerUpdater.Outcome::updated).count();
    listener.on(new DevEvent.UpdateFinished((int) updated, outcomes.size() - (int) updated,
        Duration.ofNanos(System.nanoTime() - start)));
    return outcomes;
  }

  /** The outcome of one container's update; one that died of anything is a failure, cause kept. */
  private ContainerUpdater.Outcome outcome(ContainerRef container,
      Future<ContainerUpdater.Outcome> future, boolean retried) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String reason = "unexpected " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
      listener.on(new DevEvent.ContainerUpdateFailed(container, reason, retried, cause));
      return new ContainerUpdater.Outcome(container, false, true, reason, false, cause);
    }
  }

  /** Interrupts updates still running (which closes their exec sessions) and waits briefly. */
  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
