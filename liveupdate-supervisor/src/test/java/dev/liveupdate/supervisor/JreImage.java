package dev.liveupdate.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A minimal JRE image for {@link SupervisorContainerIT}: jlink of this JDK (java.base,
 * jdk.unsupported, jdk.httpserver, java.instrument for the agent, with a CDS archive) plus the shared
 * libraries {@code ldd} names, the supervisor jar at {@code /opt/liveupdate}, {@link TestApp} and
 * {@link SwapApp} in {@code /app}, {@code demo.Greeter} in {@code /app/swap}; with or without busybox
 * as {@code /bin/sh}. Imported with {@code podman import}.
 */
final class JreImage {

  static final List<String> BUSYBOX_APPLETS = List.of("sh", "sleep", "mv", "rm", "cat", "wget", "kill", "tar");

  private JreImage() {}

  /** Builds the root file system once; returns it. */
  static Path rootfs(Path work, Path supervisorJar) throws IOException, InterruptedException {
    Path rootfs = work.resolve("rootfs");
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    if (!Files.isExecutable(jlink)) {
      throw new AssertionError(jlink + " is missing: a JDK is needed (apt-get install -y openjdk-17-jdk-headless)");
    }
    run(work, List.of(jlink.toString(), "--add-modules", "java.base,jdk.unsupported,jdk.httpserver,java.instrument", "--strip-debug",
        "--no-header-files", "--no-man-pages", "--generate-cds-archive", "--output", rootfs.resolve("opt/java").toString()));
    for (String library : sharedLibraries(work, rootfs)) {
      Path target = rootfs.resolve(library.substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(Path.of(library), target, StandardCopyOption.REPLACE_EXISTING);
    }
    for (String dir : List.of("proc", "sys", "dev", "etc", "app", "state", "opt/liveupdate")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Files.createDirectories(rootfs.resolve("tmp"));
    Files.setPosixFilePermissions(rootfs.resolve("tmp"), PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.copy(supervisorJar, rootfs.resolve("opt/liveupdate/liveupdate-supervisor.jar"));
    String appClass = TestApp.class.getName().replace('.', '/') + ".class";
    Path classes = Path.of(JavaProcess.location(TestApp.class));
    Files.createDirectories(rootfs.resolve("app").resolve(appClass).getParent());
    Files.copy(classes.resolve(appClass), rootfs.resolve("app").resolve(appClass));
    String swapClass = SwapApp.class.getName().replace('.', '/') + ".class";
    Files.copy(classes.resolve(swapClass), rootfs.resolve("app").resolve(swapClass));
    Sources.compile(work, rootfs.resolve("app/swap"), java.util.Map.of("demo.Greeter", HotSwapTest.greeter("v1", "")));
    Files.writeString(rootfs.resolve("state/mode"), "signals");
    return rootfs;
  }

  /** Adds busybox as {@code /bin/sh} and a few applets. */
  static void addBusybox(Path rootfs) throws IOException {
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of(Fixture.BUSYBOX), bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
    for (String applet : BUSYBOX_APPLETS) {
      Files.deleteIfExists(bin.resolve(applet));
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
  }

  /** Tars the root file system and imports it as {@code tag}. */
  static void importAs(Path work, Path rootfs, String tag) throws IOException, InterruptedException {
    Path tar = work.resolve(tag.replaceAll("[^a-z0-9]", "-") + ".tar");
    run(work, List.of("tar", "-C", rootfs.toString(), "-cf", tar.toString(), "."));
    run(work, podman("import", "-q", tar.toString(), tag));
    Files.delete(tar);
  }

  static List<String> podman(String... args) {
    List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a command to completion; a non-zero exit fails with its output. */
  static JavaProcess run(Path work, List<String> command) throws IOException, InterruptedException {
    JavaProcess process;
    try {
      process = JavaProcess.start(command, Map.of(), work.resolve("logs"));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + " (podman: apt-get install -y podman runc)", e);
    }
    int status = process.awaitExit(java.time.Duration.ofMinutes(3));
    if (status != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + status + process.output());
    }
    return process;
  }

  private static List<String> sharedLibraries(Path work, Path rootfs) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ldd"));
    try (Stream<Path> files = Files.walk(rootfs.resolve("opt/java"))) {
      files.filter(p -> p.toString().endsWith(".so") || p.endsWith("bin/java")).forEach(p -> command.add(p.toString()));
    }
    TreeSet<String> libraries = new TreeSet<>();
    for (String line : run(work, command).out()) {
      for (String token : line.trim().split("\\s+")) {
        if (token.startsWith("/") && !token.startsWith(rootfs.toString()) && !token.endsWith(":")) {
          libraries.add(token);
        }
      }
    }
    return libraries.stream().collect(Collectors.toList());
  }
}
