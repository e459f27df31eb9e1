package dev.liveupdate.supervisor;

import java.io.BufferedInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The receiver of JVM images without a shell or {@code tar} (distroless Java, jlink'd runtimes): the
 * plugin runs it over exec and streams the update on its standard input, framed by
 * {@link UpdateFraming} (removals, then a tar), and it applies it as the plugin's copy script does,
 * within the destinations named on its command line ({@link TreeUpdate}). Optionally, in the same
 * exec, it then makes a request of the control protocol and waits for its result, so an update stays
 * one exec:
 * <pre>
 * java -cp /opt/liveupdate/liveupdate-supervisor.jar dev.liveupdate.supervisor.Receive \
 *   --to /app/classes --to /app/resources [--then restart|devtools|hotswap [--id ID] [--wait 60s] [--control DIR]]
 * </pre>
 * With {@code --then hotswap} the class list is every class file the tar wrote, named as it defines
 * itself. Exit statuses: 0 applied (and the request answered {@code ok}); 65 something was refused or
 * could not be applied, each said on standard error (the rest of the update is applied; no request is
 * made); 2 bad arguments; with a request, the client's statuses: 1 its result was not {@code ok}, 3
 * unavailable, 124 timeout, its {@code STATUS MILLIS MESSAGE} line on standard output.
 */
public final class Receive {

  static final int REFUSED = 65;

  private Receive() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    System.exit(run(args, new BufferedInputStream(new FileInputStream(FileDescriptor.in), 64 * 1024), System.out,
        System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws InterruptedException {
    List<String> to = new ArrayList<>();
    Optional<ControlDirectory.Kind> then = Optional.empty();
    String id = "u" + ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36);
    Duration wait = Duration.ofSeconds(90);
    Path control = Paths.get(ControlDirectory.DEFAULT);
    Destinations destinations;
    try {
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--to": to.add(value); break;
          case "--then": then = Optional.of(ControlDirectory.Kind.named(value)); break;
          case "--id": id = value; break;
          case "--wait": wait = Durations.parse("--wait", value); break;
          case "--control": control = Paths.get(value); break;
          default: throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
      }
      if (!ControlDirectory.ID.matcher(id).matches()) {
        throw new IllegalArgumentException("bad request id '" + id + "': 1 to 64 of A-Z a-z 0-9 _ -");
      }
      destinations = Destinations.of(to);
    } catch (IllegalArgumentException e) {
      err.println("usage: " + e.getMessage() + "; Receive --to DIR [--to DIR...] [--then restart|devtools|hotswap"
          + " [--id ID] [--wait 90s] [--control DIR]]");
      return 2;
    }
    TreeUpdate update = new TreeUpdate(destinations);
    try {
      for (String path : UpdateFraming.readRemovals(in)) {
        update.remove(path);
      }
      TarReader tar = new TarReader(in);
      for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
        update.apply(entry, tar);
      }
    } catch (IOException e) {
      update.problems().add("the update stream could not be read: " + e.getMessage() + " (" + update.summary()
          + " before that)");
    }
    if (!update.problems().isEmpty()) {
      update.problems().forEach(err::println);
      return REFUSED;
    }
    if (then.isEmpty()) {
      return 0;
    }
    byte[] content = new byte[0];
    if (then.get() == ControlDirectory.Kind.HOTSWAP) {
      List<HotSwapRequest.Entry> classes = new ArrayList<>();
      for (Path file : update.files()) {
        if (file.getFileName().toString().endsWith(".class")) {
          try {
            Optional<String> name = ClassFileName.of(Files.readAllBytes(file));
            name.ifPresent(n -> classes.add(new HotSwapRequest.Entry(n, file.toString())));
          } catch (IOException e) {
            err.println("cannot read the class written to " + file + ": " + e.getMessage());
            return REFUSED;
          }
        }
      }
      if (classes.isEmpty()) {
        out.println(new Result(Result.OK, 0, "hot-swapped 0 class(es) in 0 ms: the update wrote no class file").line());
        return 0;
      }
      content = HotSwapRequest.format(classes);
    }
    Result result = Control.request(control, then.get(), id, wait, content);
    out.println(result.line());
    return result.exitStatus();
  }
}
