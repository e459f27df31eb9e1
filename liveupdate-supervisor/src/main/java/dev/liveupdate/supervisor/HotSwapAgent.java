package dev.liveupdate.supervisor;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hot-swap agent: this jar loaded into the app's JVM at start with
 * {@code -javaagent:/opt/liveupdate/liveupdate-supervisor.jar[=control=DIR,poll=DURATION]}, which the
 * supervisor's {@code --child-java-tool-options} puts in the app's environment only. No JDWP: the
 * IDE's debugger stays free. It takes the {@code ID.hotswap} requests of the control directory
 * (the supervisor never does) and answers them with {@link HotSwapper}; see the package documentation.
 *
 * <p>Exactly one JVM of the container serves: the agent holds a lock on {@code .agent.lock} in the
 * control directory for the JVM's life and writes its pid to {@code agent.pid}, so a JVM the app
 * starts (which inherits its {@code JAVA_TOOL_OPTIONS}) stays out, and a client can tell at once that
 * no agent runs (the file is missing, or names a process that is gone). The agent never stops the
 * app: whatever goes wrong, it says so on standard error and leaves hot-swapping off.
 *
 * <p>Idle cost: one daemon thread blocked on inotify (plus a listing of the control directory every
 * second), and the JDK's watch-service thread.
 */
public final class HotSwapAgent {

  /** The jar's own programs: an agent that reaches them through the container's environment stays off. */
  static final Set<String> OWN_MAINS = Set.of(Supervisor.class.getName(), Control.class.getName(),
      "dev.liveupdate.supervisor.Receive", "dev.liveupdate.supervisor.ListTree");

  private static FileChannel lockChannel;
  private static FileLock lock;
  private static RequestWatcher watcher;

  private HotSwapAgent() {}

  public static void premain(String args, Instrumentation instrumentation) {
    String main = System.getProperty("sun.java.command", "").split(" ", 2)[0];
    if (OWN_MAINS.contains(main)) {
      return; // the supervisor or a client, through the container's JAVA_TOOL_OPTIONS: not the app
    }
    Log.useAgentPrefix();
    try {
      start(args == null ? "" : args, instrumentation);
    } catch (IOException | RuntimeException e) {
      Log.info("hot-swap is off in this JVM: " + e);
    }
  }

  private static synchronized void start(String args, Instrumentation instrumentation) throws IOException {
    Path dir = Paths.get(ControlDirectory.DEFAULT);
    Optional<Duration> poll = Optional.empty();
    for (String option : args.split(",")) {
      if (option.startsWith("control=")) {
        dir = Paths.get(option.substring("control=".length()));
      } else if (option.startsWith("poll=")) {
        poll = Optional.of(Durations.parse("poll", option.substring("poll=".length())));
      } else if (!option.isEmpty()) {
        throw new IllegalArgumentException("unknown agent option '" + option + "'; known: control=DIR, poll=DURATION");
      }
    }
    if (!instrumentation.isRedefineClassesSupported()) {
      throw new IllegalStateException("this JVM cannot redefine classes");
    }
    ControlDirectory control = new ControlDirectory(dir);
    control.create();
    lockChannel = FileChannel.open(dir.resolve(".agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      Log.info("another JVM of this container takes the hot-swap requests in " + dir + "; this one (pid "
          + ProcessHandle.current().pid() + ") does not");
      return;
    }
    long pid = ProcessHandle.current().pid();
    HotSwapper swapper = new HotSwapper(instrumentation);
    watcher = new RequestWatcher(control, EnumSet.of(ControlDirectory.Kind.HOTSWAP), "liveupdate-hotswap", poll,
        batch -> serve(control, swapper, batch));
    String how = watcher.start();
    control.writeAgentPid(pid);
    Log.info("hot-swap requests in " + dir + " (pid " + pid + "): " + how);
  }

  private static void serve(ControlDirectory control, HotSwapper swapper, List<ControlDirectory.Request> batch) {
    for (ControlDirectory.Request request : batch) {
      Result result = swapper.swap(request.content, request.seenNanos);
      Log.info("hotswap " + request.id + ": " + result.line());
      try {
        control.writeResult(request.id, result);
      } catch (IOException e) {
        Log.info("cannot write the result of hotswap " + request.id + ": " + e);
      }
    }
  }
}
