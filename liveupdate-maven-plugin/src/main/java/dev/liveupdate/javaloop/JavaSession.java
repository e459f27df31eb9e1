package dev.liveupdate.javaloop;

import dev.liveupdate.config.LiveUpdateConfig;
import dev.liveupdate.engine.DevSession;
import dev.liveupdate.engine.RunProblems;
import dev.liveupdate.engine.EngineSession;
import dev.liveupdate.engine.Rebuilder;
import dev.liveupdate.engine.SessionOptions;
import dev.liveupdate.engine.TargetCluster;
import dev.liveupdate.event.DevListener;
import dev.liveupdate.kube.Cluster;
import dev.liveupdate.kube.ClusterException;
import dev.liveupdate.plan.ReloadLadder;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A Jib module's engine, made in one place for {@code liveupdate:dev} and {@code liveupdate:sync}:
 * the compiler opened warm on the module's settings; the cluster connected and the target found
 * by image when {@code <target>} names no workload; a rebuilder that rolls out the module's dev
 * image; and the {@link JavaLoop} on them.
 *
 * @param engine the engine, whose configuration names the workload found
 * @param loop   the Java loop; the caller closes it with the engine (a {@link DevSession} does)
 */
public record JavaSession(EngineSession engine, JavaLoop loop) {

  /**
   * Connects to the target's cluster, finding the workload by image if need be.
   *
   * @param config   the configuration read with {@code LiveUpdateConfigReader.readInferred}
   * @param jibImage the image jib-maven-plugin pushes ({@code <to><image>})
   */
  public static JavaSession open(LiveUpdateConfig config, String jibImage, JavaProject project,
      SessionOptions options, DevListener listener) throws ClusterException, IOException {
    TargetCluster connected =
        TargetCluster.connect(config, options, new ImageTarget(jibImage, listener));
    try {
      return on(config.withTarget(connected.target()), connected.cluster(),
          connected.description(), project, options.runTimeout(), options.rolloutTimeout(),
          listener);
    } catch (IOException | RuntimeException e) {
      connected.cluster().close();
      throw e;
    }
  }

  /**
   * The session on a cluster already connected ({@link #open}'s, or a double in tests), the
   * configuration's target naming its workload.
   *
   * @throws IOException if the compiler cannot read the output directory
   */
  public static JavaSession on(LiveUpdateConfig config, Cluster cluster, String target,
      JavaProject project, Duration runTimeout, Duration rolloutTimeout, DevListener listener)
      throws IOException {
    ClassLedger ledger = new ClassLedger(project::devTools);
    Compilation compilation = new Compilation(listener, ledger);
    compilation.open(project.compilerSettings(), project.compilerNotes(),
        project.resourceFilter());
    Rebuilder rebuilder = new Rebuilder(new DevImageSource(project, compilation), false, cluster,
        listener, rolloutTimeout);
    EngineSession engine = new EngineSession(config, cluster, target, listener, runTimeout,
        Optional.of(rebuilder), Optional.of(new ReloadLadder(ledger)));
    return new JavaSession(engine, new JavaLoop(engine, project.compilerSettings(),
        compilation));
  }

  /**
   * The dev session of this module; it owns the engine and the loop from here on.
   *
   * @param problems the listener this session was opened with
   * @param begin    when the start-up began ({@link System#nanoTime()})
   */
  public DevSession dev(SessionOptions options, RunProblems problems, long begin)
      throws IOException, ClusterException {
    return DevSession.open(engine, options, loop, problems, begin);
  }
}
