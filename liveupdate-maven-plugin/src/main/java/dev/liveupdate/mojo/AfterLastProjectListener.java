package dev.liveupdate.mojo;

import org.apache.maven.execution.ExecutionEvent;
import org.apache.maven.execution.ExecutionListener;

/**
 * Maven's execution listener, passed through, plus one action when the last project of the
 * reactor has been built: there the queued dev loops start. Maven reads the listener from the
 * request at every event, so installing this one during the build takes effect at once.
 */
final class AfterLastProjectListener implements ExecutionListener {

  private final ExecutionListener delegate;
  private final Runnable action;

  AfterLastProjectListener(ExecutionListener delegate, Runnable action) {
    this.delegate = delegate;
    this.action = action;
  }

  @Override
  public void projectSucceeded(ExecutionEvent event) {
    if (delegate != null) {
      delegate.projectSucceeded(event);
    }
    var projects = event.getSession().getProjects();
    if (event.getProject() == projects.get(projects.size() - 1)) {
      action.run();
    }
  }

  private void pass(java.util.function.Consumer<ExecutionListener> call) {
    if (delegate != null) {
      call.accept(delegate);
    }
  }

  @Override
  public void projectDiscoveryStarted(ExecutionEvent event) {
    pass(l -> l.projectDiscoveryStarted(event));
  }

  @Override
  public void sessionStarted(ExecutionEvent event) {
    pass(l -> l.sessionStarted(event));
  }

  @Override
  public void sessionEnded(ExecutionEvent event) {
    pass(l -> l.sessionEnded(event));
  }

  @Override
  public void projectSkipped(ExecutionEvent event) {
    pass(l -> l.projectSkipped(event));
  }

  @Override
  public void projectStarted(ExecutionEvent event) {
    pass(l -> l.projectStarted(event));
  }

  @Override
  public void projectFailed(ExecutionEvent event) {
    pass(l -> l.projectFailed(event));
  }

  @Override
  public void mojoSkipped(ExecutionEvent event) {
    pass(l -> l.mojoSkipped(event));
  }

  @Override
  public void mojoStarted(ExecutionEvent event) {
    pass(l -> l.mojoStarted(event));
  }

  @Override
  public void mojoSucceeded(ExecutionEvent event) {
    pass(l -> l.mojoSucceeded(event));
  }

  @Override
  public void mojoFailed(ExecutionEvent event) {
    pass(l -> l.mojoFailed(event));
  }

  @Override
  public void forkStarted(ExecutionEvent event) {
    pass(l -> l.forkStarted(event));
  }

  @Override
  public void forkSucceeded(ExecutionEvent event) {
    pass(l -> l.forkSucceeded(event));
  }

  @Override
  public void forkFailed(ExecutionEvent event) {
    pass(l -> l.forkFailed(event));
  }

  @Override
  public void forkedProjectStarted(ExecutionEvent event) {
    pass(l -> l.forkedProjectStarted(event));
  }

  @Override
  public void forkedProjectSucceeded(ExecutionEvent event) {
    pass(l -> l.forkedProjectSucceeded(event));
  }

  @Override
  public void forkedProjectFailed(ExecutionEvent event) {
    pass(l -> l.forkedProjectFailed(event));
  }
}
