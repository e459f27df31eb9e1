/**
 * The supervisor of a live-update dev image, and the protocol through which the plugin restarts the
 * app inside its running container.
 *
 * <h2>Entrypoint</h2>
 * The dev image holds this jar alone at {@code /opt/liveupdate/liveupdate-supervisor.jar} and wraps
 * the image's original entrypoint (Jib's {@code java ... -cp @/app/jib-classpath-file Main}, say):
 * <pre>
 * ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms4m", "-Xmx16m", "-XX:-UsePerfData", "-Xshare:auto",
 *  "-cp", "/opt/liveupdate/liveupdate-supervisor.jar", "dev.liveupdate.supervisor.Supervisor",
 *  "--child-java-tool-options", "-javaagent:/opt/liveupdate/agent.jar",      (when there is an agent)
 *  "--", ORIGINAL ENTRYPOINT AND ARGUMENTS...]
 * </pre>
 * The code is Java 11 with no dependencies, so any Java 11+ {@code java} of the image runs it,
 * jlink'd runtimes included when they have {@code jdk.unsupported} (for receiving signals). Options,
 * all before {@code --}:
 * <ul>
 *   <li>{@code --control DIR}: the control directory, default {@code /opt/liveupdate/control};
 *   <li>{@code --grace DURATION}: how long the app has after SIGTERM before SIGKILL, default {@code 10s}
 *       (keep it under the pod's {@code terminationGracePeriodSeconds}, 30 s by default);
 *   <li>{@code --ready-timeout DURATION}: how long a restarted app has to become ready, default {@code 60s};
 *   <li>{@code --ready-ports auto|none|PORT,...}: what ready means (below), default {@code auto};
 *   <li>{@code --poll DURATION}: list the control directory at this interval instead of watching it;
 *   <li>{@code --child-java-tool-options OPTIONS}: appended to {@code JAVA_TOOL_OPTIONS} in the app's
 *       environment only.
 * </ul>
 * DURATION is {@code 250ms}, {@code 10s} or {@code 2m}. The supervisor's own exit statuses: 2 bad
 * command line, 125 control directory not writable, 127 the app's command cannot be started;
 * otherwise it exits with the app's status.
 *
 * <p>Measured on this project's machines (JDK 17, 2 shared cores, under load), with the flags above:
 * resident set 37-38 MB, of which 19 MB anonymous and 18 MB file-backed ({@code libjvm.so} and the
 * CDS archive, shared with the app's JVM when it runs the same runtime); JVM default flags: 43 MB.
 * Start to exit around {@code /bin/true}: 235-290 ms wall, about 120 ms of CPU. Idle: 0.08 % of a
 * core (watching); 0.9 % with {@code --poll 20ms}. It counts against the container's memory limit, so
 * an app sized by {@code -XX:MaxRAMPercentage} gets about 20 MB less room than without it.
 *
 * <h2>Restart protocol</h2>
 * All files live in the control directory; the supervisor creates it at start and exits with 125
 * when it cannot write it. Names starting with {@code .} are temporary; other names are ignored.
 * <ol>
 *   <li><b>Request.</b> The client picks an ID of 1 to 64 characters from {@code A-Z a-z 0-9 _ -},
 *       unique per request, deletes {@code ID.result} if present, and creates the empty file
 *       {@code ID.restart} (creating a file is atomic; its content is never read).
 *   <li><b>Take.</b> The supervisor notices the file (inotify through a {@code WatchService}, plus a
 *       listing every second; or a listing every {@code --poll}) and deletes it: from then on the
 *       request is the supervisor's. A client that wants to give up on a request not yet taken renames
 *       {@code ID.restart} to {@code .ID.withdrawn}: if the rename succeeds the request is withdrawn,
 *       if it fails the supervisor has taken it. Requests present when the supervisor starts are
 *       deleted unanswered.
 *   <li><b>Restart.</b> The app gets SIGTERM, {@code --grace} to exit, then SIGKILL with its
 *       descendants; processes it left behind get SIGKILL. The same command starts again with the
 *       same environment and working directory. Requests taken together are served by one restart.
 *   <li><b>Ready.</b> The new app (its process or one below it) listens on every TCP port the old one
 *       listened on when the request was taken, read from {@code /proc/net/tcp}, {@code /proc/net/tcp6}
 *       and {@code /proc/PID/fd}; if none was running, the ports of the last app seen listening. Ports
 *       in the kernel's ephemeral range are left out (binds to port 0 do not come back with the same
 *       number). With no port to wait for, or {@code --ready-ports none}: ready once started.
 *   <li><b>Result.</b> The supervisor writes {@code .ID.result.tmp} and renames it to {@code ID.result}
 *       (atomic): one UTF-8 line ending in {@code \n}, {@code STATUS MILLIS MESSAGE}, where MILLIS runs
 *       from the moment the request was taken to the outcome:
 *       <ul>
 *         <li>{@code ok}: ready, e.g. {@code ok 812 restarted app in 812 ms: pid 130 listening on 8080},
 *             or {@code ... pid 130 started (the previous app listened on no TCP port)};
 *         <li>{@code crashed}: the new app exited before it was ready; the supervisor stays up and waits
 *             for the next request;
 *         <li>{@code notready}: not ready within {@code --ready-timeout}; the app is left running;
 *         <li>{@code failed}: the command could not be started, or the supervisor is stopping.
 *       </ul>
 *   <li><b>Collect.</b> The client reads the line and deletes {@code ID.result}. Results nobody
 *       collects are deleted after 10 minutes.
 * </ol>
 * A client prints one line in the same {@code STATUS MILLIS MESSAGE} shape and exits with: 0
 * {@code ok}; 1 any other status from the supervisor; 2 {@code usage} (bad arguments); 3
 * {@code unavailable} (no control directory, or the request was not taken within 5 s: no supervisor
 * is running; the request is withdrawn); 124 {@code timeout} (taken, but no result within the wait).
 * The wait should cover {@code --grace} plus the app's start-up.
 *
 * <p>Two clients implement it, with the same arguments, output and exit statuses
 * ({@link dev.liveupdate.supervisor.Control}):
 * <ul>
 *   <li>with a shell: {@code sh -c SCRIPT liveupdate-restart ID WAIT_SECONDS [DIR]}, SCRIPT being
 *       {@link dev.liveupdate.supervisor.Control#SH_SCRIPT} (the jar's
 *       {@code dev/liveupdate/supervisor/restart.sh}) verbatim. POSIX {@code sh}, tested with dash and
 *       busybox; it runs {@code sleep 0.05} between looks and only {@code rm}, {@code mv} and
 *       {@code sleep} besides built-ins. No argument is spliced into the script.
 *   <li>without one: {@code java -cp /opt/liveupdate/liveupdate-supervisor.jar
 *       dev.liveupdate.supervisor.Control restart --id ID --wait 60s [--control DIR]}, looking every
 *       10 ms; it costs a JVM start (about 120 ms of CPU) on top.
 * </ul>
 *
 * <h2>Signals</h2>
 * SIGTERM, SIGINT and SIGHUP are received through {@code sun.misc.Signal} and forwarded to the app;
 * the supervisor then gives it {@code --grace} and exits with its status. Java can send only SIGTERM
 * and SIGKILL ({@code ProcessHandle.destroy}, {@code destroyForcibly}); SIGINT and SIGHUP are sent
 * by running the image's {@code kill} program, or as SIGTERM when it has none (a JVM app treats all
 * three alike). Not forwarded: SIGQUIT, which the supervisor's own JVM keeps for its thread dump (use
 * {@code kill -3 APP_PID} or {@code jcmd} for the app's), SIGUSR1/SIGUSR2, and of course SIGKILL and
 * SIGSTOP, which no process can catch. The app runs in the supervisor's process group, so a terminal's
 * Ctrl-C ({@code podman run -it}) reaches both directly.
 *
 * <h2>Zombies: what a Java PID 1 cannot do</h2>
 * As PID 1 of the container's PID namespace the supervisor inherits every orphaned process, and the
 * kernel expects PID 1 to reap them with {@code wait}. Java cannot: the JDK waits only for the
 * processes it started itself (there is no {@code waitpid(-1)} in any Java API, and
 * {@code ProcessHandle.onExit} on a foreign process only polls). Orphans that exit stay zombies
 * (a process-table entry each, counted against the pod's PID limit) until the container stops. Jib's
 * entrypoint runs {@code java} directly and leaves no orphans; an entrypoint script without
 * {@code exec}, or an app that spawns processes and does not wait for them, does. The cures are
 * outside Java: {@code shareProcessNamespace: true} in the pod spec (the pause container becomes PID
 * 1 and reaps), or a real init in front ({@code tini -- java ... Supervisor -- ...},
 * {@code podman run --init}).
 *
 * <h2>JAVA_TOOL_OPTIONS</h2>
 * The supervisor is a JVM, so it reads {@code JAVA_TOOL_OPTIONS} (and {@code _JAVA_OPTIONS},
 * {@code JDK_JAVA_OPTIONS}) from the container's environment like the app does; so does every
 * {@code Control} client run through exec, which gets the container's environment too. What that means:
 * <ul>
 *   <li>the log shows {@code Picked up JAVA_TOOL_OPTIONS: ...} twice, once per JVM;
 *   <li>heap and GC flags there do not matter: the supervisor's command line comes after
 *       {@code JAVA_TOOL_OPTIONS} and wins ({@code -Xmx16m} beats a {@code -Xmx2g} there), though
 *       {@code _JAVA_OPTIONS} comes after the command line and wins over it;
 *   <li>agents ({@code -javaagent}, {@code -agentlib}, {@code -agentpath}) load into the supervisor as
 *       well: an APM agent reports a second service, and a JDWP agent with a fixed address binds the
 *       debug port in the supervisor so that the app's JVM cannot start. The supervisor warns at start
 *       when it sees one. The cure is to give such options to the app alone: the dev image leaves
 *       {@code JAVA_TOOL_OPTIONS} unset and passes them with {@code --child-java-tool-options}, which
 *       appends to whatever {@code JAVA_TOOL_OPTIONS} the app's environment already has. That is also
 *       how the plugin's own agent reaches the app and nothing else.
 * </ul>
 */
package dev.liveupdate.supervisor;
