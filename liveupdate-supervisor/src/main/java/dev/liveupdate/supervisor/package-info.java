/**
 * The supervisor of a live-update dev image, its hot-swap agent, its receiver and lister for images
 * without a shell, and the protocol through which the plugin reloads the app inside its running
 * container: hot-swap (L0), Spring Boot DevTools restart (L1), process restart (L2).
 *
 * <h2>Entrypoint</h2>
 * The dev image holds this jar alone at {@code /opt/liveupdate/liveupdate-supervisor.jar} and wraps
 * the image's original entrypoint (Jib's {@code java ... -cp @/app/jib-classpath-file Main}, say):
 * <pre>
 * ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms4m", "-Xmx16m", "-XX:-UsePerfData", "-Xshare:auto",
 *  "-cp", "/opt/liveupdate/liveupdate-supervisor.jar", "dev.liveupdate.supervisor.Supervisor",
 *  "--child-java-tool-options", "-javaagent:/opt/liveupdate/liveupdate-supervisor.jar",
 *  "--", ORIGINAL ENTRYPOINT AND ARGUMENTS...]
 * </pre>
 * With {@code spring-boot-devtools} on the app's classpath, the same option also carries
 * {@link dev.liveupdate.supervisor.Control#devToolsJavaToolOptions} (see "DevTools" below), as one
 * string: {@code "-javaagent:/opt/liveupdate/liveupdate-supervisor.jar -Dspring.devtools.restart.trigger-file=..."}.
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
 * <h2>Control protocol</h2>
 * All files live in the control directory; the supervisor creates it at start and exits with 125
 * when it cannot write it. Names starting with {@code .} are temporary; other names are ignored. A
 * request has a KIND, its file name's suffix, and exactly one taker:
 * <ul>
 *   <li>{@code ID.restart} (empty): the supervisor restarts the app's process (L2);
 *   <li>{@code ID.devtools} (empty): the supervisor has Spring Boot DevTools restart the app in its
 *       JVM (L1, "DevTools" below);
 *   <li>{@code ID.hotswap} (a class list): the agent in the app's JVM redefines classes (L0,
 *       "Hot-swap" below). The supervisor never takes it, the agent never takes the others.
 * </ul>
 * <ol>
 *   <li><b>Request.</b> The client picks an ID of 1 to 64 characters from {@code A-Z a-z 0-9 _ -},
 *       unique per request, deletes {@code ID.result} if present, and creates {@code ID.KIND}: an
 *       empty file (creating a file is atomic; its content is never read), or, for a hot-swap, the
 *       class list written whole to {@code .ID.hotswap.tmp} and renamed to {@code ID.hotswap} (a
 *       rename is atomic: the taker never reads half a list).
 *   <li><b>Take.</b> The taker notices the file (inotify through a {@code WatchService}, plus a
 *       listing every second; or a listing every {@code --poll}), reads it and deletes it: from then on
 *       the request is the taker's. A client that wants to give up on a request not yet taken renames
 *       {@code ID.KIND} to {@code .ID.withdrawn}: if the rename succeeds the request is withdrawn,
 *       if it fails the taker has it. Restart and DevTools requests present when the supervisor starts
 *       are deleted unanswered; hot-swap requests present when an agent starts are served (classes
 *       not loaded yet are nothing to do).
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
 *         <li>{@code unsupported} (DevTools and hot-swap): this level cannot serve the change and
 *             nothing was changed; the plugin escalates to the next level;
 *         <li>{@code failed}: the command could not be started, or the supervisor is stopping; for a
 *             hot-swap, the list or a class file could not be read or the JVM rejected the bytes
 *             (nothing was changed).
 *       </ul>
 *       Restart and DevTools requests taken together are served by one process restart.
 *   <li><b>Collect.</b> The client reads the line and deletes {@code ID.result}. Results nobody
 *       collects are deleted after 10 minutes.
 * </ol>
 * A client prints one line in the same {@code STATUS MILLIS MESSAGE} shape and exits with: 0
 * {@code ok}; 1 any other status from the supervisor or agent; 2 {@code usage} (bad arguments); 3
 * {@code unavailable} (no control directory, or the request was not taken within 5 s: no supervisor
 * is running; the request is withdrawn; for a hot-swap also at once when {@code agent.pid} is
 * missing or names a process that is gone); 124 {@code timeout} (taken, but no result within the
 * wait). The wait should cover {@code --grace} plus the app's start-up.
 *
 * <p>Two clients implement it, with the same arguments, output and exit statuses
 * ({@link dev.liveupdate.supervisor.Control}):
 * <ul>
 *   <li>with a shell: {@code sh -c SCRIPT liveupdate-KIND ID WAIT_SECONDS [DIR]}, SCRIPT being
 *       {@link dev.liveupdate.supervisor.Control#SH_SCRIPT} (the jar's
 *       {@code dev/liveupdate/supervisor/control.sh}) verbatim, KIND ({@code restart}, {@code devtools},
 *       {@code hotswap}) the command name {@code $0}, so the restart command of before is unchanged.
 *       POSIX {@code sh}, tested with dash and busybox; it runs {@code sleep 0.05} between looks and
 *       only {@code rm}, {@code mv} and {@code sleep} besides built-ins. No argument is spliced into the
 *       script. A hot-swap's class list comes on standard input.
 *   <li>without one: {@code java -cp /opt/liveupdate/liveupdate-supervisor.jar
 *       dev.liveupdate.supervisor.Control KIND --id ID --wait 60s [--control DIR]}, looking every
 *       10 ms; it costs a JVM start (about 120 ms of CPU) on top. A hot-swap's list: standard input.
 *   <li>after an update, in the same exec: {@link dev.liveupdate.supervisor.Receive}'s
 *       {@code --then KIND} (below).
 * </ul>
 *
 * <h2>Hot-swap (L0)</h2>
 * {@code -javaagent:/opt/liveupdate/liveupdate-supervisor.jar[=control=DIR,poll=DURATION]} in the app's
 * JVM only (the supervisor's {@code --child-java-tool-options}; no JDWP, so the IDE's debugger stays
 * free) loads {@link dev.liveupdate.supervisor.HotSwapAgent} (the jar's {@code Premain-Class}, with
 * {@code Can-Redefine-Classes: true}). A jlink'd runtime needs the {@code java.instrument} module. The
 * agent of the first JVM to start holds {@code .agent.lock} and writes its pid to {@code agent.pid};
 * JVMs the app starts (they inherit its {@code JAVA_TOOL_OPTIONS}) stay out, and so do the jar's own
 * programs. {@code ID.hotswap} is UTF-8, one class per line, {@code BINARY_NAME SP PATH LF}
 * ({@link dev.liveupdate.supervisor.HotSwapRequest}), e.g.
 * {@code com.example.Greeter /app/classes/com/example/Greeter.class}. Every loaded class of a listed name,
 * in every class loader, is redefined from the file in one {@code Instrumentation.redefineClasses} call,
 * which the JVM applies whole or not at all ({@link dev.liveupdate.supervisor.HotSwapper}):
 * {@code ok 12 hot-swapped 3 class(es) in 12 ms (2 name(s) in 3 class loader(s))}, or
 * {@code unsupported 9 com.example.Greeter: class redefinition failed: attempted to add a method;
 * nothing was changed} (HotSpot redefines method bodies only), or {@code failed ...; nothing was
 * changed}. Measured on this project's machines (JDK 17, loaded): request taken to done 30 ms for one
 * class in two loaders; the Java client's whole round trip, JVM start included, about 0.5 s.
 *
 * <h2>DevTools (L1)</h2>
 * When {@code spring-boot-devtools} is on the app's classpath, the app's JVM gets, through
 * {@code --child-java-tool-options}, the system properties of
 * {@link dev.liveupdate.supervisor.Control#devToolsJavaToolOptions} (system properties win over the
 * app's own configuration files, which stay untouched):
 * <pre>
 * -Dspring.devtools.restart.trigger-file=liveupdate-trigger
 * -Dspring.devtools.restart.additional-paths=/opt/liveupdate/control/devtools
 * -Dspring.devtools.restart.poll-interval=200ms -Dspring.devtools.restart.quiet-period=50ms
 * -Dspring.devtools.livereload.enabled=false
 * </pre>
 * DevTools compares the trigger by simple name only (spring-boot#17775), so it lives in its own
 * directory, which the supervisor creates before the app starts and DevTools watches as an additional
 * path; the synced trees never hold it, and a start-up comparison never sees it. On {@code ID.devtools}
 * the supervisor rewrites the trigger and follows the restart from {@code /proc}
 * ({@link dev.liveupdate.supervisor.DevToolsRestarter}): {@code ok} once the {@code restartedMain} thread
 * DevTools runs {@code main} in has come and gone and the app listens on its ports again
 * ({@code ok 1619 restarted app with DevTools in 1619 ms: pid 130 listening on 8080});
 * {@code unsupported} when no restart starts within 5 s; {@code crashed} when the new context fails.
 * Measured: 1.6-2.2 s on a small Spring Boot 3.5 web app on the loaded 2-core machines. Caveats:
 * <ul>
 *   <li>DevTools restarts only when a file changed besides the trigger (with a trigger file set, the
 *       trigger says when; the changed files say whether) and that file is not excluded
 *       ({@code spring.devtools.restart.exclude}: {@code static/**}, {@code templates/**},
 *       {@code public/**} ... reload without a restart). Request L1 for class and configuration changes.
 *   <li>Only classpath directories ({@code /app/classes}, {@code /app/resources}) are reloaded; the jars
 *       of {@code /app/libs} stay in the base class loader, so a change there needs L2, and a library
 *       that must see the app's classes needs {@code restart.include} in
 *       {@code META-INF/spring-devtools.properties}.
 *   <li>DevTools turns itself off unless {@code main} runs on a thread named {@code main} with the
 *       JDK's application class loader: Jib's exploded {@code java -cp ... Main} qualifies,
 *       {@code java -jar} of a fat jar does not. An app whose {@code main} never returns is never
 *       ready this way.
 *   <li>Jib puts {@code spring-boot-devtools} into {@code /app/libs} like any runtime dependency, even
 *       {@code <optional>} (jib#2336; the Spring Boot Maven plugin leaves it out of repackaged jars),
 *       and there it is active: keep it in a dev profile so production images do not carry it. A
 *       project using Jib's Spring Boot extension ({@code jib-spring-boot-extension-maven}) has it left
 *       out of every image, the dev image included: no L1 there, unless the dev build turns that off.
 *   <li>DevTools polls the classpath directories (every file's size and time) every poll interval:
 *       200 ms keeps latency low at a small idle cost in the app; raise it for very large trees.
 * </ul>
 *
 * <h2>Images without a shell or tar</h2>
 * {@code java -cp /opt/liveupdate/liveupdate-supervisor.jar dev.liveupdate.supervisor.Receive --to DIR...
 * [--then KIND [--id ID] [--wait 90s] [--control DIR]]} reads an update on standard input: the removal
 * list ({@link dev.liveupdate.supervisor.UpdateFraming}: each path, UTF-8, then NUL; an empty entry
 * ends the list), then a tar (ustar, pax, GNU long names). It applies it with the copy script's
 * semantics within the destinations named by {@code --to}, refusing and naming anything else, and
 * exits 0, 65 (something refused or not applied; nothing requested) or 2 (usage); with {@code --then}
 * it makes the request, prints its result line and exits with the client's status ({@code --then
 * hotswap} lists the class files the tar wrote). {@code java -cp ... dev.liveupdate.supervisor.ListTree
 * DIR...} prints what the plugin's listing script prints. Measured through {@code podman exec} into a
 * jlink'd image on the loaded machines: one-file update, Receive about 0.8 s median against 0.47 s for
 * busybox {@code sh} + {@code tar} (a JVM start on top).
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
