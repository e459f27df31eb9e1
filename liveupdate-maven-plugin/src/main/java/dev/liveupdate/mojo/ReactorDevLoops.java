package dev.liveupdate.mojo;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;

/**
 * Lets {@code dev} bound to a phase work in a reactor: a blocking goal in one module would stop
 * every module after it from building. So a loop of any module but the reactor's last is queued,
 * and the queued loops start together once the last module has been built (not at all if the
 * build fails before). In a single module, or in the last one, the loops start at once.
 */
final class ReactorDevLoops {

  // keyed by the request: with -T each module thread has its own copy of the session
  private static final Map<MavenExecutionRequest, List<DevMojo.Launch>> QUEUED =
      new IdentityHashMap<>();

  private ReactorDevLoops() {}

  /**
   * Queues this module's loop and returns nothing, or, in the reactor's last module, returns every
   * queued loop with this one for the caller to run now.
   *
   * @param runLater runs queued loops after the last module, when it does not run {@code dev}
   */
  static synchronized List<DevMojo.Launch> enqueue(MavenSession session, MavenProject project,
      DevMojo.Launch launch, Consumer<List<DevMojo.Launch>> runLater) {
    MavenExecutionRequest request = session.getRequest();
    List<MavenProject> projects = session.getProjects();
    boolean last = projects.isEmpty() || projects.get(projects.size() - 1) == project;
    List<DevMojo.Launch> queued = QUEUED.computeIfAbsent(request, r -> new ArrayList<>());
    queued.add(launch);
    if (last) {
      return take(request);
    }
    if (queued.size() == 1) {
      request.setExecutionListener(new AfterLastProjectListener(request.getExecutionListener(),
          () -> {
            List<DevMojo.Launch> launches = take(request);
            if (!launches.isEmpty()) {
              runLater.accept(launches);
            }
          }));
    }
    return List.of();
  }

  /**
   * Whether a module without {@code <liveUpdate>} stays out of the loop: in a reactor it does,
   * unless it is the last module and no other module queued a loop (then nothing would run, and
   * the missing configuration is the error to report).
   */
  static synchronized boolean leavesOut(MavenSession session, MavenProject project) {
    List<MavenProject> projects = session.getProjects();
    if (projects.size() < 2) {
      return false;
    }
    boolean last = projects.get(projects.size() - 1) == project;
    return !last || QUEUED.containsKey(session.getRequest());
  }

  private static synchronized List<DevMojo.Launch> take(MavenExecutionRequest request) {
    List<DevMojo.Launch> queued = QUEUED.remove(request);
    return queued == null ? List.of() : queued;
  }
}
